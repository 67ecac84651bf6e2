-- Specs for persistent-track3: run with `coach rules test`.

case "flags a pupil in track 3 for more than 6 weeks, in a prompt about the class" {
  given = { pupils = { { id = "p1", alias = "Noor" } },
            placements = { { pupil = "p1", goal = "breuken", track = 3, from = "2026-09-07" } } },
  when = { event = "week.ended", week = "2026-W44" },
  expect = { { why = "Groepen horen flexibel en tijdelijk te", to = "coach", key = "track3", class = "k1", evidence = 1,
               text = "In klas k1 zit één leerling langer dan 6 weken of voor de meeste doelen in spoor 3: Noor (7 weken voor ‘breuken’, sinds 7 september 2026).",
               next_step = "of deze leerling de succescriteria van het doel nu haalt" } },
}

case "stays quiet for a short stay in track 3" {
  given = { placements = { { pupil = "p1", goal = "breuken", track = 3, from = "2026-10-19" } } },
  when = { event = "week.ended", week = "2026-W44" },
  expect = {},
}

case "stays quiet once the pupil moved to track 2" {
  given = {
    placements = {
      { pupil = "p1", goal = "breuken", track = 3, from = "2026-09-07" },
      { pupil = "p1", goal = "breuken", track = 2, from = "2026-10-05" },
    },
  },
  when = { event = "week.ended", week = "2026-W44" },
  expect = {},
}

case "a move planned after the week does not count yet" {
  given = {
    placements = {
      { pupil = "p1", goal = "breuken", track = 3, from = "2026-09-07" },
      { pupil = "p1", goal = "breuken", track = 2, from = "2026-11-09" },
    },
  },
  when = { event = "week.ended", week = "2026-W44" },
  expect = { { key = "track3", evidence = 1, text = "7 weken voor ‘breuken’" } },
}

case "a school can ask for a shorter limit" {
  given = { placements = { { pupil = "p1", goal = "breuken", track = 3, from = "2026-10-12" } } },
  params = { weeks = 1 },
  when = { event = "week.ended", week = "2026-W44" },
  expect = { { key = "track3", text = "2 weken voor ‘breuken’" } },
}

case "flags a pupil in track 3 for most goals" {
  given = {
    placements = {
      { pupil = "p2", goal = "breuken", track = 3, from = "2026-10-19" },
      { pupil = "p2", goal = "meten", track = 3, from = "2026-10-19" },
      { pupil = "p2", goal = "lezen", track = 2, from = "2026-10-19" },
    },
  },
  when = { event = "week.ended", week = "2026-W44" },
  expect = { { to = "coach", key = "track3", evidence = 2, text = "p2 (2 van de 3 doelen)",
               next_step = "of deze leerling de succescriteria haalt van de doelen waarvoor die nu in spoor 3 zit" } },
}

case "confirming track 3 does not reset the clock" {
  given = { placements = { { pupil = "p1", goal = "breuken", track = 3, from = "2026-08-03", to = "2026-10-05" },
                           { pupil = "p1", goal = "breuken", track = 3, from = "2026-10-05" } } },
  when = { event = "week.ended", week = "2026-W41" },
  expect = { { key = "track3", text = "9 weken voor ‘breuken’, sinds 3 augustus 2026" } },
}

case "several pupils of a class share one prompt, each named once" {
  given = {
    pupils = { { id = "p3", alias = "Emma" }, { id = "p4", alias = "Lars" } },
    placements = {
      { pupil = "p3", goal = "breuken", track = 3, from = "2026-09-07" },
      { pupil = "p3", goal = "meten", track = 3, from = "2026-09-07" },
      { pupil = "p3", goal = "lezen", track = 3, from = "2026-09-07" },
      { pupil = "p4", goal = "breuken", track = 3, from = "2026-09-07" },
      { pupil = "p4", goal = "meten", track = 3, from = "2026-09-14" },
    },
  },
  when = { event = "week.ended", week = "2026-W44" },
  expect = { { key = "track3", evidence = 4,
               text = "In klas k1 zitten 2 leerlingen langer dan 6 weken of voor de meeste doelen in spoor 3: Emma (alle 3 doelen), Lars (7 weken voor ‘breuken’, sinds 7 september 2026)." } },
}

-- A school of 1,000 pupils: 40 classes of 25, four goals each; every fifth pupil has been in
-- track 3 for breuken since September. One prompt per class, never one per pupil.
local school = { pupils = {}, placements = {} }
local expected = {}
for c = 1, 40 do
  local class = string.format("c%02d", c)
  for n = 1, 25 do
    local pupil = class .. "-p" .. n
    school.pupils[#school.pupils + 1] = { id = pupil, class = class }
    for _, goal in ipairs({ "breuken", "meten", "lezen", "spelling" }) do
      local track = (n % 5 == 0 and goal == "breuken") and 3 or 1 + n % 2
      school.placements[#school.placements + 1] = { pupil = pupil, class = class, goal = goal, track = track, from = "2026-09-07" }
    end
  end
  expected[#expected + 1] = { key = "track3", class = class, evidence = 5, text = "In klas " .. class .. " zitten 5 leerlingen" }
end

case "at school scale: one prompt per class, within the limits" {
  given = school,
  when = { event = "week.ended", week = "2026-W44" },
  expect = expected,
}
