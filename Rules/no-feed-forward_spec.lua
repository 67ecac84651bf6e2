local function feedback(question, date)
  return { teacher = "t1", class = "k1", goal = "g1", date = date, question = question }
end

case "feedback that never names a next step is flagged" {
  given = { feedback = { feedback("feedback", "2026-10-20"), feedback("feedUp", "2026-10-21"), feedback("feedback", "2026-10-27"),
                         feedback("feedback", "2026-10-28"), feedback("feedback", "2026-10-29") } },
  when = { event = "week.ended", week = "2026-W44" },
  expect = { { why = "Feedback helpt pas vooruit als de", to = "coach", teacher = "t1", key = "no-feed-forward", evidence = 5 } },
}

case "one feed-forward is enough" {
  given = { feedback = { feedback("feedback", "2026-10-20"), feedback("feedForward", "2026-10-21"), feedback("feedback", "2026-10-27"),
                         feedback("feedback", "2026-10-28"), feedback("feedback", "2026-10-29") } },
  when = { event = "week.ended", week = "2026-W44" },
  expect = {},
}

-- A school of 40 teachers with six feedback moments each in the last two weeks; two teachers
-- never name a next step. One prompt each.
local school = { feedback = {} }
local expected = {}
for t = 1, 40 do
  local teacher = string.format("t%02d", t)
  for n = 1, 6 do
    school.feedback[#school.feedback + 1] = {
      teacher = teacher, class = "c" .. teacher, pupil = "c" .. teacher .. "-p" .. n, goal = "breuken",
      date = string.format("2026-10-%02d", 20 + n), question = (t > 2 and n == 3) and "feedForward" or "feedback" }
  end
  if t <= 2 then expected[#expected + 1] = { key = "no-feed-forward", teacher = teacher, evidence = 6 } end
end

case "at school scale: one prompt per teacher without feed-forward" {
  given = school,
  when = { event = "week.ended", week = "2026-W44" },
  expect = expected,
}
