local function feedback(question, date)
  return { teacher = "t1", class = "k1", goal = "g1", date = date, question = question }
end

case "feedback that never names a next step is flagged" {
  given = { feedback = { feedback("feedback", "2026-10-20"), feedback("feedUp", "2026-10-21"), feedback("feedback", "2026-10-27"),
                         feedback("feedback", "2026-10-28"), feedback("feedback", "2026-10-29") } },
  when = { event = "week.ended", week = "2026-W44" },
  expect = { { to = "coach", teacher = "t1", key = "no-feed-forward", evidence = 5 } },
}

case "one feed-forward is enough" {
  given = { feedback = { feedback("feedback", "2026-10-20"), feedback("feedForward", "2026-10-21"), feedback("feedback", "2026-10-27"),
                         feedback("feedback", "2026-10-28"), feedback("feedback", "2026-10-29") } },
  when = { event = "week.ended", week = "2026-W44" },
  expect = {},
}
