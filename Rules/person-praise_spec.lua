local function feedback(level, date)
  return { teacher = "t1", class = "k1", pupil = "p1", goal = "g1", date = date, level = level, form = "individual" }
end

case "mostly person-level feedback is flagged, with an example sentence" {
  given = {
    feedback = { feedback("person", "2026-10-19"), feedback("person", "2026-10-20"), feedback("person", "2026-10-21"),
                 feedback("task", "2026-10-22"), feedback("person", "2026-10-26") },
  },
  when = { event = "week.ended", week = "2026-W44" },
  expect = { { why = "Feedback op persoonsniveau (‘goed zo, jij", to = "coach", teacher = "t1", key = "person-praise", evidence = 4, text = "ging 80 % over de leerling als persoon" } },
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

-- A school of 1,000 pupils and 40 teachers, ten feedback moments each in the last three weeks;
-- the first four teachers praise the person eight times out of ten. One prompt each.
local school = { feedback = {} }
local expected = {}
for t = 1, 40 do
  local teacher = string.format("t%02d", t)
  for n = 1, 10 do
    school.feedback[#school.feedback + 1] = {
      teacher = teacher, class = "c" .. teacher, pupil = "c" .. teacher .. "-p" .. (n % 25 + 1), goal = "breuken",
      date = string.format("2026-10-%02d", 19 + n % 10), level = (t <= 4 and n <= 8) and "person" or "process" }
  end
  if t <= 4 then expected[#expected + 1] = { key = "person-praise", teacher = teacher, evidence = 8, text = "80 %" } end
end

case "at school scale: one prompt per teacher who mostly praises the person" {
  given = school,
  when = { event = "week.ended", week = "2026-W44" },
  expect = expected,
}
