-- Specs for persistent-track3: run with `coach rules test`.

case "flags a pupil in track 3 for more than 6 weeks" {
  given = { placements = { { pupil = "p1", goal = "breuken", track = 3, from = "2026-09-07" } } },
  when = { event = "week.ended", week = "2026-W44" },
  expect = { { to = "coach", key = "p1/breuken", class = "k1", evidence = 1, text = "7 weken in spoor 3" } },
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

case "a school can ask for a shorter limit" {
  given = { placements = { { pupil = "p1", goal = "breuken", track = 3, from = "2026-10-12" } } },
  params = { weeks = 1 },
  when = { event = "week.ended", week = "2026-W44" },
  expect = { { key = "p1/breuken" } },
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
  expect = { { to = "coach", key = "p2/most", evidence = 2, text = "2 van de 3 doelen" } },
}

case "confirming track 3 does not reset the clock" {
  given = { placements = { { pupil = "p1", goal = "breuken", track = 3, from = "2026-08-03", to = "2026-10-05" },
                           { pupil = "p1", goal = "breuken", track = 3, from = "2026-10-05" } } },
  when = { event = "placement.changed" },
  expect = { { key = "p1/breuken", text = "9 weken in spoor 3 voor 'breuken' (sinds 2026-08-03)" } },
}

case "a pupil long in track 3 for most goals gets one prompt, not one per goal" {
  given = {
    placements = {
      { pupil = "p3", goal = "breuken", track = 3, from = "2026-09-07" },
      { pupil = "p3", goal = "meten", track = 3, from = "2026-09-07" },
      { pupil = "p3", goal = "lezen", track = 3, from = "2026-09-07" },
    },
  },
  when = { event = "week.ended", week = "2026-W44" },
  expect = { { key = "p3/most", evidence = 3, text = "3 van de 3 doelen" } },
}
