local function placements(from, moved)
  local list = {}
  for n = 1, 5 do
    list[#list + 1] = { pupil = "p" .. n, class = "k1", goal = "breuken", track = (n % 3) + 1, from = from }
  end
  if moved then list[#list + 1] = { pupil = "p1", class = "k1", goal = "breuken", track = 1, from = moved } end
  return list
end

case "tracks unchanged for six weeks are flagged" {
  given = { placements = placements("2026-09-07") },
  when = { event = "week.ended", week = "2026-W44" },
  expect = { { why = "Sporen horen mee te bewegen met", to = "coach", class = "k1", key = "static", evidence = 5,
               text = "In klas k1 is de verdeling over de sporen al 7 weken ongewijzigd voor ‘breuken’ (5 leerlingen, sinds 7 september 2026)." } },
}

case "one pupil moving recently is a change" {
  given = { placements = placements("2026-09-07", "2026-10-19") },
  when = { event = "week.ended", week = "2026-W44" },
  expect = {},
}

case "a few pupils are not a group" {
  given = { placements = { { pupil = "p1", class = "k1", goal = "breuken", track = 3, from = "2026-09-07" } } },
  when = { event = "week.ended", week = "2026-W44" },
  expect = {},
}

-- A school of 1,000 pupils: 40 classes of 25, four goals, all groups unchanged since 7
-- September. One prompt per class naming the four goals, never one per class and goal.
local school = { pupils = {}, placements = {} }
local expected = {}
for c = 1, 40 do
  local class = string.format("c%02d", c)
  for n = 1, 25 do
    local pupil = class .. "-p" .. n
    school.pupils[#school.pupils + 1] = { id = pupil, class = class }
    for _, goal in ipairs({ "breuken", "meten", "lezen", "spelling" }) do
      school.placements[#school.placements + 1] = { pupil = pupil, class = class, goal = goal, track = 1 + n % 3, from = "2026-09-07" }
    end
  end
  expected[#expected + 1] = { key = "static", class = class, evidence = 100,
                              text = "al minstens 7 weken ongewijzigd voor 4 doelen: ‘breuken’ (25 leerlingen" }
end

case "at school scale: one prompt per class, within the limits" {
  given = school,
  when = { event = "week.ended", week = "2026-W44" },
  expect = expected,
}
