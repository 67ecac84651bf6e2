-- Specs for central-feedback-loop: one domain at most, for the team, with the school's own
-- records on it; nothing when the school is not below similar schools and not falling.

case "the domain furthest below similar schools, with the school's own goals on it" {
  given = {
    goals = { { id = "lezen", title = "Begrijpend lezen: hoofdgedachte", subject = "taal" }, { id = "breuken", title = "Breuken", subject = "wiskunde" } },
    central = {
      { year = 2026, grade = "6", domain = "begrijpend lezen", school = 48.5, flemish = 55, similar = 54 },
      { year = 2026, grade = "6", domain = "wiskunde", school = 60, flemish = 58, similar = 57 },
    },
    feedback = { { teacher = "t1", class = "k1", goal = "lezen", date = "2026-10-06" }, { teacher = "t1", class = "k1", goal = "breuken", date = "2026-10-06" } },
  },
  when = { event = "week.ended", week = "2026-W41" },
  expect = { { why = "De Vlaamse toetsen zijn één betrouwbare bron", to = "team", key = "central/begrijpend lezen/2026", priority = 2, evidence = 1,
               text = "Vlaamse toetsen 2026, leerjaar 6, ‘begrijpend lezen’: de school haalt 48,5, vergelijkbare scholen 54, heel Vlaanderen 55. Eigen gegevens over dit domein: het doel ‘Begrijpend lezen: hoofdgedachte’, met feedbackmomenten van minder dan 3 leerkrachten (aantal niet getoond) de voorbije 6 weken en nog geen spoorindelingen op dit moment." } },
}

case "a fall since last year counts, and says so" {
  given = {
    central = {
      { year = 2025, grade = "4", domain = "wiskunde", school = 62, flemish = 58, similar = 58 },
      { year = 2026, grade = "4", domain = "wiskunde", school = 57, flemish = 58, similar = 58 },
    },
  },
  when = { event = "week.ended", week = "2026-W41" },
  expect = { { to = "team", key = "central/wiskunde/2026", evidence = 2, text = "de school haalt 57 (in 2025 nog 62), vergelijkbare scholen 58, heel Vlaanderen 58. Er staan nog geen doelen voor dit domein in coach" } },
}

case "at or above similar schools and not falling: nothing" {
  given = {
    central = { { year = 2026, grade = "6", domain = "begrijpend lezen", school = 53, flemish = 55, similar = 54 } },
  },
  when = { event = "week.ended", week = "2026-W41" },
  expect = {},
}

case "results of a June still to come are not seen before it" {
  given = {
    central = { { year = 2026, grade = "6", domain = "begrijpend lezen", school = 40, flemish = 55, similar = 54 } },
  },
  when = { event = "week.ended", week = "2026-W10" },
  expect = {},
}

case "counts over enough teachers are shown" {
  given = {
    goals = { { id = "lezen", title = "Begrijpend lezen", subject = "taal" } },
    central = { { year = 2026, grade = "6", domain = "begrijpend lezen", school = 48, flemish = 55, similar = 54 } },
    feedback = {
      { teacher = "t1", class = "k1", goal = "lezen", date = "2026-10-05" },
      { teacher = "t2", class = "k2", goal = "lezen", date = "2026-10-06" },
      { teacher = "t3", class = "k3", goal = "lezen", date = "2026-10-07" },
      { teacher = "t3", class = "k3", goal = "lezen", date = "2026-10-08" },
    },
  },
  when = { event = "week.ended", week = "2026-W41" },
  expect = { { to = "team", text = "met 4 feedbackmomenten de voorbije 6 weken" } },
}

case "only the domain's goals, the last weeks' feedback and the placements current on the day count" {
  given = {
    goals = { { id = "lezen", title = "Begrijpend lezen", subject = "taal" }, { id = "breuken", title = "Breuken", subject = "wiskunde" } },
    central = { { year = 2026, grade = "6", domain = "begrijpend lezen", school = 48, flemish = 55, similar = 54 } },
    feedback = {
      { teacher = "t1", class = "k1", goal = "lezen", date = "2026-10-05" },
      { teacher = "t2", class = "k2", goal = "lezen", date = "2026-10-06" },
      { teacher = "t3", class = "k3", goal = "lezen", date = "2026-10-07" },
      { teacher = "t3", class = "k3", goal = "lezen", date = "2026-10-08" },
      { teacher = "t1", class = "k1", goal = "breuken", date = "2026-10-06" },
      { teacher = "t2", class = "k2", goal = "lezen", date = "2026-08-20" },
    },
    placements = {
      { pupil = "p1", class = "k1", goal = "lezen", track = 2, from = "2026-09-07" },
      { pupil = "p1", class = "k1", goal = "lezen", track = 3, from = "2026-09-21" },
      { pupil = "p2", class = "k2", goal = "lezen", track = 3, from = "2026-09-07" },
      { pupil = "p3", class = "k3", goal = "lezen", track = 1, from = "2026-09-14" },
      { pupil = "p4", class = "k3", goal = "breuken", track = 3, from = "2026-09-14" },
      { pupil = "p5", class = "k3", goal = "lezen", track = 3, from = "2026-10-19" },
    },
  },
  when = { event = "week.ended", week = "2026-W41" },
  expect = { { to = "team", text = "met 4 feedbackmomenten de voorbije 6 weken en 3 spoorindelingen op dit moment." } },
}
