-- A pupil's class comes from given.pupils (results have none).
local function results(pupil, scores)
  local list = {}
  for i, score in ipairs(scores) do
    list[#list + 1] = { pupil = pupil, goal = "g1", date = string.format("2026-10-%02d", 12 + i * 3),
                        score = score, maximum = 10 }
  end
  return list
end

case "a pupil far below 80 % is flagged as too hard" {
  given = { pupils = { { id = "p1", alias = "Noor" } }, results = results("p1", { 3, 4, 5, 4 }) },
  when = { event = "week.ended", week = "2026-W44" },
  expect = { { why = "Leerlingen blijven gemotiveerd als ongeveer 80", to = "coach", class = "k1", key = "band/low", priority = 3, evidence = 4,
               text = "In klas k1 haalt één leerling de laatste 4 weken gemiddeld minder dan 60 %: Noor (40 % op 4 opdrachten)." } },
}

case "a pupil at 100 % is flagged as too easy" {
  given = { results = results("p2", { 10, 10, 10 }) },
  when = { event = "week.ended", week = "2026-W44" },
  expect = { { key = "band/high", priority = 4, text = "Het werk is dan wellicht te gemakkelijk om er nog veel uit te leren." } },
}

case "pupils on both sides get a prompt each" {
  given = { results = (function()
    local all = results("p1", { 3, 4, 5, 4 })
    for _, r in ipairs(results("p2", { 10, 10, 10 })) do all[#all + 1] = r end
    for _, r in ipairs(results("p3", { 2, 2, 2 })) do all[#all + 1] = r end
    return all
  end)() },
  when = { event = "week.ended", week = "2026-W44" },
  expect = { { key = "band/low", evidence = 7, text = "In klas k1 halen 2 leerlingen" }, { key = "band/high", evidence = 3 } },
}

case "around 80 % stays quiet" {
  given = { results = results("p3", { 8, 7, 9, 8 }) },
  when = { event = "week.ended", week = "2026-W44" },
  expect = {},
}

case "two results are too few to judge" {
  given = { results = results("p4", { 1, 2 }) },
  when = { event = "week.ended", week = "2026-W44" },
  expect = {},
}

-- A school of 1,000 pupils: 40 classes of 25, four results each in the last four weeks; in
-- every class 4 pupils are far below 80 %. One prompt per class.
local school = { pupils = {}, results = {} }
local expected = {}
for c = 1, 40 do
  local class = string.format("c%02d", c)
  for n = 1, 25 do
    local pupil = class .. "-p" .. n
    school.pupils[#school.pupils + 1] = { id = pupil, class = class }
    for _, r in ipairs(results(pupil, n <= 4 and { 3, 4, 5, 4 } or { 8, 8, 7, 9 })) do
      school.results[#school.results + 1] = r
    end
  end
  expected[#expected + 1] = { key = "band/low", class = class, evidence = 16, text = "In klas " .. class .. " halen 4 leerlingen" }
end

case "at school scale: one prompt per class, within the limits" {
  given = school,
  when = { event = "week.ended", week = "2026-W44" },
  expect = expected,
}

case "a pupil who moved class is in the class of the week, not of now" {
  given = { pupils = { { id = "p1", alias = "Noor", class = "k1" }, { id = "p1", class = "k2", since = "2026-11-02" } },
            results = results("p1", { 3, 4, 5, 4 }) },
  when = { event = "week.ended", week = "2026-W44" },
  expect = { { key = "band/low", class = "k1", text = "In klas k1 haalt één leerling" } },
}

case "and in the new class from the week of the move" {
  given = { pupils = { { id = "p1", alias = "Noor", class = "k1" }, { id = "p1", class = "k2", since = "2026-10-26" } },
            results = results("p1", { 3, 4, 5, 4 }) },
  when = { event = "week.ended", week = "2026-W44" },
  expect = { { key = "band/low", class = "k2", text = "In klas k2 haalt één leerling" } },
}

case "a pupil who left the school is no longer listed" {
  given = { pupils = { { id = "p1", alias = "Noor", class = "k1", left = "2026-10-26" } },
            results = results("p1", { 3, 4, 5, 4 }) },
  when = { event = "week.ended", week = "2026-W44" },
  expect = {},
}

case "a primary school in the Netherlands reads groep, not klas" {
  given = { school = { level = "primary", region = "netherlands" }, pupils = { { id = "p1", alias = "Noor" } },
            results = results("p1", { 3, 4, 5, 4 }) },
  when = { event = "week.ended", week = "2026-W44" },
  expect = { { key = "band/low", text = "In groep k1 haalt één leerling de laatste 4 weken gemiddeld minder dan 60 %: Noor (40 % op 4 opdrachten)." } },
}
