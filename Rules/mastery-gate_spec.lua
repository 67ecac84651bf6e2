local goals = { { id = "breuken", title = "Breuken" }, { id = "kommagetallen", title = "Kommagetallen", follows = "breuken" } }

case "moving on below 80 % is flagged" {
  given = {
    goals = goals,
    results = { { pupil = "p1", goal = "breuken", date = "2026-10-20", mastery = 55 } },
    placements = { { pupil = "p1", goal = "kommagetallen", track = 2, from = "2026-10-26" } },
  },
  when = { event = "placement.changed" },
  expect = { { to = "coach", key = "gate/p1/kommagetallen", evidence = 2, text = "met 55 % op 'Breuken'" } },
}

case "moving on above 80 % is fine" {
  given = {
    goals = goals,
    results = { { pupil = "p1", goal = "breuken", date = "2026-10-20", mastery = 90 } },
    placements = { { pupil = "p1", goal = "kommagetallen", track = 2, from = "2026-10-26" } },
  },
  when = { event = "placement.changed" },
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
  expect = { { key = "gate/p2/kommagetallen", priority = 3, text = "90 % op 'Breuken'" } },
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
