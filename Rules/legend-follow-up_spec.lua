local function written(codes, question, date)
  return { teacher = "t1", class = "k1", pupil = "p1", goal = "g1", date = date, codes = codes, question = question or "feedback" }
end

case "dots of the legend without a next step are flagged, with the codes used" {
  given = { feedback = { written({ "rood" }, nil, "2026-10-26"), written({ "blauw", "rood" }, nil, "2026-10-27"),
                         written({ "stip-5" }, nil, "2026-10-28") } },
  when = { event = "week.ended", week = "2026-W44" },
  expect = { { why = "De stippen van de feedbacklegenda werken", to = "coach", teacher = "t1", key = "legend-follow-up", evidence = 3,
               text = "bij 3 genoteerde feedbackmomenten stippen van de feedbacklegenda (blauw, rood, stip-5)",
               next_step = "met de legenda zelf zoeken waar het misliep" } },
}

case "one dot with a next step is enough" {
  given = { feedback = { written({ "rood" }, nil, "2026-10-26"), written({ "blauw" }, "feedForward", "2026-10-27"),
                         written({ "rood" }, nil, "2026-10-28") } },
  when = { event = "week.ended", week = "2026-W44" },
  expect = {},
}

case "feedback without codes does not count" {
  given = { feedback = { written({}, nil, "2026-10-26"), written({}, nil, "2026-10-27"), written({ "rood" }, nil, "2026-10-28"),
                         written({ "rood" }, nil, "2026-10-29") } },
  when = { event = "week.ended", week = "2026-W44" },
  expect = {},
}

-- A school of 40 teachers with four coded feedback moments each this week; three of them never
-- give a next step. One prompt each.
local school = { feedback = {} }
local expected = {}
for t = 1, 40 do
  local teacher = string.format("t%02d", t)
  for n = 1, 4 do
    school.feedback[#school.feedback + 1] = {
      teacher = teacher, class = "c" .. teacher, pupil = "c" .. teacher .. "-p" .. n, goal = "breuken",
      date = string.format("2026-10-%02d", 25 + n), codes = { n % 2 == 0 and "rood" or "blauw" },
      question = (t > 3 and n == 2) and "feedForward" or "feedback" }
  end
  if t <= 3 then expected[#expected + 1] = { key = "legend-follow-up", teacher = teacher, evidence = 4 } end
end

case "at school scale: one prompt per teacher whose dots never came with a next step" {
  given = school,
  when = { event = "week.ended", week = "2026-W44" },
  expect = expected,
}

case "a next step without dots is no follow-up of the dots" {
  given = { feedback = { written({ "rood" }, nil, "2026-10-26"), written({ "rood" }, nil, "2026-10-27"),
                         written({}, "feedForward", "2026-10-28"), written({ "blauw" }, nil, "2026-10-29") } },
  when = { event = "week.ended", week = "2026-W44" },
  expect = { { key = "legend-follow-up", teacher = "t1", evidence = 3 } },
}
