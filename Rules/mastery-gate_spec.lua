local goals = { { id = "breuken", title = "Breuken" }, { id = "kommagetallen", title = "Kommagetallen", follows = "breuken" } }

case "moving on below 80 % this week is flagged" {
  given = {
    goals = goals,
    pupils = { { id = "p1", alias = "Noor" } },
    results = { { pupil = "p1", goal = "breuken", date = "2026-10-20", mastery = 55 } },
    placements = { { pupil = "p1", goal = "kommagetallen", track = 2, from = "2026-10-26" } },
  },
  when = { event = "week.ended", week = "2026-W44" },
  expect = { { why = "Bij beheersingsleren (mastery learning) schuift een leerling", to = "coach", key = "gate/early", class = "k1", evidence = 2,
               text = "In klas k1 schoof deze week één leerling door met minder dan 80 % beheersing van het vorige doel: Noor naar ‘Kommagetallen’ met 55 % op ‘Breuken’." } },
}

case "a move in an earlier week is not flagged again" {
  given = {
    goals = goals,
    results = { { pupil = "p1", goal = "breuken", date = "2026-10-10", mastery = 55 } },
    placements = { { pupil = "p1", goal = "kommagetallen", track = 2, from = "2026-10-12" } },
  },
  when = { event = "week.ended", week = "2026-W44" },
  expect = {},
}

case "moving on above 80 % is fine" {
  given = {
    goals = goals,
    results = { { pupil = "p1", goal = "breuken", date = "2026-10-20", mastery = 90 } },
    placements = { { pupil = "p1", goal = "kommagetallen", track = 2, from = "2026-10-26" } },
  },
  when = { event = "week.ended", week = "2026-W44" },
  expect = {},
}

case "kept back while mastering is flagged at the end of the week" {
  given = {
    goals = goals,
    placements = { { pupil = "p2", goal = "breuken", track = 2, from = "2026-09-07" } },
    results = { { pupil = "p2", goal = "breuken", date = "2026-10-20", mastery = 85 },
                { pupil = "p2", goal = "breuken", date = "2026-10-27", mastery = 95 } },
  },
  when = { event = "week.ended", week = "2026-W44" },
  expect = { { key = "gate/late", priority = 3, evidence = 3, text = "p2 (90 % op ‘Breuken’; volgend doel: ‘Kommagetallen’)" } },
}

case "still learning the goal is not kept back" {
  given = {
    goals = goals,
    placements = { { pupil = "p2", goal = "breuken", track = 2, from = "2026-09-07" } },
    results = { { pupil = "p2", goal = "breuken", date = "2026-10-27", mastery = 60 },
                { pupil = "p2", goal = "breuken", date = "2026-10-20", mastery = 70 } },
  },
  when = { event = "week.ended", week = "2026-W44" },
  expect = {},
}

case "a result after the week's end is not seen yet" {
  given = {
    goals = goals,
    placements = { { pupil = "p2", goal = "breuken", track = 2, from = "2026-09-07" } },
    results = { { pupil = "p2", goal = "breuken", date = "2026-10-20", mastery = 85 },
                { pupil = "p2", goal = "breuken", date = "2026-11-03", mastery = 95 } },
  },
  when = { event = "week.ended", week = "2026-W44" },
  expect = {},
}

-- A school of 1,000 pupils: 40 classes of 25; in every class 3 pupils master breuken but are
-- not on kommagetallen, and 2 moved on this week below 80 %. Two prompts per class.
local school = { goals = goals, pupils = {}, placements = {}, results = {} }
local expected = {}
for c = 1, 40 do
  local class = string.format("c%02d", c)
  for n = 1, 25 do
    local pupil = class .. "-p" .. n
    school.pupils[#school.pupils + 1] = { id = pupil, class = class }
    local moved = n <= 2
    school.placements[#school.placements + 1] = { pupil = pupil, class = class, goal = moved and "kommagetallen" or "breuken",
                                                  track = 2, from = moved and "2026-10-26" or "2026-09-07" }
    local rate = (n <= 2 and 50) or (n <= 5 and 90) or 60
    for _, day in ipairs({ "2026-10-13", "2026-10-20", "2026-10-27" }) do
      school.results[#school.results + 1] = { pupil = pupil, goal = "breuken", date = day, mastery = rate }
    end
  end
  expected[#expected + 1] = { key = "gate/early", class = class, evidence = 6, text = "In klas " .. class .. " schoven deze week 2 leerlingen door" }
  expected[#expected + 1] = { key = "gate/late", class = class, evidence = 9, text = "In klas " .. class .. " beheersen 3 leerlingen een doel al" }
end

case "at school scale: two prompts per class, within the limits" {
  given = school,
  when = { event = "week.ended", week = "2026-W44" },
  expect = expected,
}
