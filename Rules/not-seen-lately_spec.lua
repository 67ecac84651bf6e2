case "a teacher last observed two months ago is flagged" {
  given = {
    teachers = { "t1" },
    observations = { { teacher = "t1", instrument = "pb", date = "2026-09-02", scores = { ["3.1"] = 4 } } },
  },
  when = { event = "week.ended", week = "2026-W44" },
  expect = { { why = "Coaching werkt in een cyclus van", to = "coach", teacher = "t1", key = "not-seen", evidence = 1, text = "Al 8 weken" } },
}

case "a teacher observed this month stays quiet" {
  given = {
    observations = { { teacher = "t1", instrument = "pb", date = "2026-10-14", scores = { ["3.1"] = 4 } } },
  },
  when = { event = "week.ended", week = "2026-W44" },
  expect = {},
}

case "a teacher never observed is named too" {
  given = { teachers = { "t2" }, observations = { { teacher = "t1", instrument = "pb", date = "2026-10-28", scores = { ["3.1"] = 4 } } } },
  when = { event = "week.ended", week = "2026-W44" },
  expect = { { teacher = "t2", key = "not-seen", text = "nog geen observatie" } },
}

case "early in the period, a teacher not observed yet is no prompt" {
  given = {
    period = { start = "2026-10-12", focus = { instrument = "pb", section = 3 } },
    teachers = { "t2" },
    observations = { { teacher = "t1", instrument = "pb", date = "2026-10-28", scores = { ["3.1"] = 4 } } },
  },
  when = { event = "week.ended", week = "2026-W44" },
  expect = {},
}

case "once the period has run as long as the rule waits, they are named" {
  given = {
    period = { start = "2026-09-14", focus = { instrument = "pb", section = 3 } },
    teachers = { "t2" },
    observations = { { teacher = "t1", instrument = "pb", date = "2026-10-28", scores = { ["3.1"] = 4 } } },
  },
  when = { event = "week.ended", week = "2026-W44" },
  expect = { { teacher = "t2", key = "not-seen", text = "nog geen observatie" } },
}
