local function feedback(timing, date)
  return { teacher = "t1", class = "k1", goal = "g1", date = date, timing = timing, level = "task" }
end

case "a week of feedback only after tests is flagged" {
  given = { feedback = { feedback("summative", "2026-10-26"), feedback("summative", "2026-10-28"), feedback("summative", "2026-10-30") } },
  when = { event = "week.ended", week = "2026-W44" },
  expect = { { why = "Feedback tijdens het leren helpt leerlingen", to = "coach", teacher = "t1", key = "summative-only", evidence = 3 } },
}

case "one formative moment in three is enough to stay quiet" {
  given = { feedback = { feedback("summative", "2026-10-26"), feedback("formative", "2026-10-28"), feedback("summative", "2026-10-30") } },
  when = { event = "week.ended", week = "2026-W44" },
  expect = {},
}

case "mostly after tests is flagged too, and says how many" {
  given = { feedback = { feedback("summative", "2026-10-26"), feedback("summative", "2026-10-27"), feedback("summative", "2026-10-28"),
                         feedback("summative", "2026-10-29"), feedback("formative", "2026-10-30") } },
  when = { event = "week.ended", week = "2026-W44" },
  expect = { { teacher = "t1", key = "summative-only", evidence = 4,
               text = "Deze week kwamen 4 van de 5 genoteerde feedbackmomenten na een toets" } },
}

case "last week's summative feedback does not count for this week" {
  given = { feedback = { feedback("summative", "2026-10-19"), feedback("summative", "2026-10-20"), feedback("summative", "2026-10-21") } },
  when = { event = "week.ended", week = "2026-W44" },
  expect = {},
}

-- A school of 40 teachers with five feedback moments each this week; three teachers give
-- only summative feedback, the others one summative in five. One prompt each for the three.
local school = { feedback = {} }
local expected = {}
for t = 1, 40 do
  local teacher = string.format("t%02d", t)
  for n = 1, 5 do
    school.feedback[#school.feedback + 1] = {
      teacher = teacher, class = "c" .. teacher, pupil = "c" .. teacher .. "-p" .. (n * 5), goal = "breuken",
      date = string.format("2026-10-%02d", 26 + n % 5), timing = (t <= 3 or n == 1) and "summative" or "formative" }
  end
  if t <= 3 then expected[#expected + 1] = { key = "summative-only", teacher = teacher, evidence = 5 } end
end

case "at school scale: one prompt per teacher whose feedback was all summative" {
  given = school,
  when = { event = "week.ended", week = "2026-W44" },
  expect = expected,
}
