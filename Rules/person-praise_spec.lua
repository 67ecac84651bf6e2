local function feedback(level, date)
  return { teacher = "t1", class = "k1", pupil = "p1", goal = "g1", date = date, level = level, form = "individual" }
end

case "mostly person-level feedback is flagged, with an example sentence" {
  given = {
    feedback = { feedback("person", "2026-10-19"), feedback("person", "2026-10-20"), feedback("person", "2026-10-21"),
                 feedback("task", "2026-10-22"), feedback("person", "2026-10-26") },
  },
  when = { event = "week.ended", week = "2026-W44" },
  expect = { { to = "coach", teacher = "t1", key = "person-praise", evidence = 4, text = "80 % van de gelogde feedback" } },
}

case "mostly process feedback stays quiet" {
  given = {
    feedback = { feedback("process", "2026-10-19"), feedback("person", "2026-10-20"), feedback("selfRegulation", "2026-10-21"),
                 feedback("task", "2026-10-22"), feedback("process", "2026-10-26") },
  },
  when = { event = "week.ended", week = "2026-W44" },
  expect = {},
}

case "too few moments to judge stays quiet" {
  given = { feedback = { feedback("person", "2026-10-26"), feedback("person", "2026-10-27") } },
  when = { event = "week.ended", week = "2026-W44" },
  expect = {},
}
