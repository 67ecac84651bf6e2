local function feedback(points, date)
  return { teacher = "t1", class = "k1", goal = "g1", date = date, growth_points = points }
end

case "several moments with more than two growth points are flagged" {
  given = { feedback = { feedback(4, "2026-10-26"), feedback(3, "2026-10-27"), feedback(1, "2026-10-28") } },
  when = { event = "week.ended", week = "2026-W44" },
  expect = { { to = "coach", teacher = "t1", key = "too-many-growth-points", evidence = 2, text = "(tot 4)" } },
}

case "one or two growth points stay quiet" {
  given = { feedback = { feedback(2, "2026-10-26"), feedback(1, "2026-10-27"), feedback(2, "2026-10-28") } },
  when = { event = "week.ended", week = "2026-W44" },
  expect = {},
}
