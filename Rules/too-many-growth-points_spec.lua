local function feedback(points, date)
  return { teacher = "t1", class = "k1", goal = "g1", date = date, growth_points = points }
end

case "several moments with more than two growth points are flagged" {
  given = { feedback = { feedback(4, "2026-10-26"), feedback(3, "2026-10-27"), feedback(1, "2026-10-28") } },
  when = { event = "week.ended", week = "2026-W44" },
  expect = { { why = "Eén of twee groeikansen tegelijk kan", to = "coach", teacher = "t1", key = "too-many-growth-points", evidence = 2, text = "(tot 4 per feedbackmoment)" } },
}

case "one or two growth points stay quiet" {
  given = { feedback = { feedback(2, "2026-10-26"), feedback(1, "2026-10-27"), feedback(2, "2026-10-28") } },
  when = { event = "week.ended", week = "2026-W44" },
  expect = {},
}

-- A school of 40 teachers with five feedback moments each this week; five teachers name four
-- growth points at once three times. One prompt each.
local school = { feedback = {} }
local expected = {}
for t = 1, 40 do
  local teacher = string.format("t%02d", t)
  for n = 1, 5 do
    school.feedback[#school.feedback + 1] = {
      teacher = teacher, class = "c" .. teacher, pupil = "c" .. teacher .. "-p" .. n, goal = "breuken",
      date = string.format("2026-10-%02d", 26 + n % 5), growth_points = (t <= 5 and n <= 3) and 4 or 1 }
  end
  if t <= 5 then expected[#expected + 1] = { key = "too-many-growth-points", teacher = teacher, evidence = 3 } end
end

case "at school scale: one prompt per teacher with too many growth points" {
  given = school,
  when = { event = "week.ended", week = "2026-W44" },
  expect = expected,
}
