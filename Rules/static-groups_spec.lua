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
  expect = { { to = "coach", class = "k1", key = "static/breuken", evidence = 5, text = "al 7 weken niet" } },
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
