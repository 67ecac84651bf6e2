local function feedback(timing, date)
  return { teacher = "t1", class = "k1", goal = "g1", date = date, timing = timing, level = "task" }
end

case "a week of feedback only after tests is flagged" {
  given = { feedback = { feedback("summative", "2026-10-26"), feedback("summative", "2026-10-28"), feedback("summative", "2026-10-30") } },
  when = { event = "week.ended", week = "2026-W44" },
  expect = { { to = "coach", teacher = "t1", key = "summative-only", evidence = 3 } },
}

case "one formative moment is enough to stay quiet" {
  given = { feedback = { feedback("summative", "2026-10-26"), feedback("formative", "2026-10-28"), feedback("summative", "2026-10-30") } },
  when = { event = "week.ended", week = "2026-W44" },
  expect = {},
}

case "last week's summative feedback does not count for this week" {
  given = { feedback = { feedback("summative", "2026-10-19"), feedback("summative", "2026-10-20"), feedback("summative", "2026-10-21") } },
  when = { event = "week.ended", week = "2026-W44" },
  expect = {},
}
