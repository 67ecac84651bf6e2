local function feedback(question, date)
  return { teacher = "t1", class = "k1", goal = "g1", date = date, question = question }
end

case "a week of feedback that never names the goal is flagged" {
  given = { feedback = { feedback("feedback", "2026-10-26"), feedback("feedForward", "2026-10-27"), feedback("feedback", "2026-10-28"),
                         feedback("feedback", "2026-10-29"), feedback("feedback", "2026-10-30") } },
  when = { event = "week.ended", week = "2026-W44" },
  expect = { { why = "Feedback werkt pas als de leerling", to = "coach", teacher = "t1", key = "no-feed-up", evidence = 5,
               text = "Geen van de 5 genoteerde feedbackmomenten van deze week verwees naar het leerdoel", next_step = "Vandaag leren we" } },
}

case "one feed-up is enough" {
  given = { feedback = { feedback("feedback", "2026-10-26"), feedback("feedUp", "2026-10-27"), feedback("feedback", "2026-10-28"),
                         feedback("feedback", "2026-10-29"), feedback("feedback", "2026-10-30") } },
  when = { event = "week.ended", week = "2026-W44" },
  expect = {},
}

case "last week's feed-up does not count for this week" {
  given = { feedback = { feedback("feedUp", "2026-10-23"), feedback("feedback", "2026-10-26"), feedback("feedback", "2026-10-27"),
                         feedback("feedback", "2026-10-28"), feedback("feedback", "2026-10-29"), feedback("feedback", "2026-10-30") } },
  when = { event = "week.ended", week = "2026-W44" },
  expect = { { key = "no-feed-up", evidence = 5 } },
}

case "too few moments to say anything" {
  given = { feedback = { feedback("feedback", "2026-10-26"), feedback("feedback", "2026-10-27") } },
  when = { event = "week.ended", week = "2026-W44" },
  expect = {},
}

-- A school of 40 teachers with six feedback moments each this week; two teachers never name
-- the goal. One prompt each.
local school = { feedback = {} }
local expected = {}
for t = 1, 40 do
  local teacher = string.format("t%02d", t)
  for n = 1, 6 do
    school.feedback[#school.feedback + 1] = {
      teacher = teacher, class = "c" .. teacher, pupil = "c" .. teacher .. "-p" .. n, goal = "breuken",
      date = string.format("2026-10-%02d", 25 + n), question = (t > 2 and n == 3) and "feedUp" or "feedback" }
  end
  if t <= 2 then expected[#expected + 1] = { key = "no-feed-up", teacher = teacher, evidence = 6 } end
end

case "at school scale: one prompt per teacher who never names the goal" {
  given = school,
  when = { event = "week.ended", week = "2026-W44" },
  expect = expected,
}
