local function results(pupil, scores)
  local list = {}
  for i, score in ipairs(scores) do
    list[#list + 1] = { pupil = pupil, goal = "g1", date = string.format("2026-10-%02d", 12 + i * 3), score = score, maximum = 10 }
  end
  return list
end

case "a pupil far below 80 % is flagged as too hard" {
  given = { pupils = { { id = "p1", alias = "Noor" } }, results = results("p1", { 3, 4, 5, 4 }) },
  when = { event = "week.ended", week = "2026-W44" },
  expect = { { to = "coach", class = "k1", key = "band/p1", priority = 3, evidence = 4, text = "Noor haalt de laatste 4 weken gemiddeld 40 %" } },
}

case "a pupil at 100 % is flagged as too easy" {
  given = { results = results("p2", { 10, 10, 10 }) },
  when = { event = "week.ended", week = "2026-W44" },
  expect = { { key = "band/p2", priority = 4, text = "te makkelijk" } },
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
