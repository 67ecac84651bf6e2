-- Specs for focus-section: run with `coach rules test` (or SpecRunner in code).

case "a low score on a focus item becomes a focus prompt" {
  given = {
    period = { focus = { instrument = "pb", section = 3 } },
    observations = { { teacher = "t1", instrument = "pb", date = "2026-10-06", scores = { ["3.1"] = 2, ["3.2"] = 4 } } },
  },
  when = { event = "observation.recorded" },
  expect = { { why = "Wie per periode één onderdeel van", to = "coach", teacher = "t1", key = "item/3.1", priority = 2, focus = true, text = "Kijkpunt 3.1 van het focusonderdeel", evidence = 1 } },
}

case "what the teacher chose to work on is the next step, not a new choice" {
  given = {
    period = { focus = { instrument = "pb", section = 3 } },
    observations = { { teacher = "t1", instrument = "pb", date = "2026-10-06", scores = { ["3.1"] = 2 },
                       work_on = "De groepjes per doel opnieuw samenstellen na de exitticket" } },
  },
  when = { event = "observation.recorded" },
  expect = { { key = "item/3.1", next_step = "De leerkracht koos zelf al iets om aan te werken: ‘De groepjes per doel opnieuw samenstellen na de exitticket’. Spreek samen af in welke les jullie dat bekijken, met kijkpunt 3.1 erbij." } },
}

case "a prompt built on the teacher's own rating says so" {
  given = {
    period = { focus = { instrument = "pb", section = 3 } },
    observations = { { teacher = "t1", kind = "selfReflection", shared = true, instrument = "pb", date = "2026-10-06", scores = { ["3.1"] = 2 } } },
  },
  when = { event = "observation.recorded" },
  expect = { { key = "item/3.1", text = "Zelfreflectie van de leerkracht. Kijkpunt 3.1 van het focusonderdeel ‘Onderdeel 3’ kwam soms voor (2 op 5, van zelden tot altijd)" } },
}

case "a self-reflection the teacher did not share stays the teacher's own" {
  given = {
    period = { focus = { instrument = "pb", section = 3 } },
    observations = { { teacher = "t1", kind = "selfReflection", instrument = "pb", date = "2026-10-06", scores = { ["3.1"] = 2 } } },
  },
  when = { event = "observation.recorded" },
  expect = {},
}

case "the lowest scores come with the highest priority" {
  given = {
    period = { focus = { instrument = "pb", section = 3 } },
    observations = { { teacher = "t1", instrument = "pb", date = "2026-10-06", scores = { ["3.1"] = 2, ["3.2"] = 1 } } },
  },
  when = { event = "observation.recorded" },
  expect = { { key = "item/3.1", priority = 2 }, { key = "item/3.2", priority = 1 } },
}

case "a low score outside the focus stays quiet" {
  given = {
    period = { focus = { instrument = "pb", section = 3 } },
    observations = { { teacher = "t1", instrument = "pb", date = "2026-10-06", scores = { ["5.1"] = 1, ["3.2"] = 5 } } },
  },
  when = { event = "observation.recorded" },
  expect = {},
}

case "urgent scores outside the focus speak when the school allows it" {
  given = {
    period = { focus = { instrument = "pb", section = 3 } },
    observations = { { teacher = "t1", instrument = "pb", date = "2026-10-06", scores = { ["5.1"] = 1, ["3.2"] = 5 } } },
  },
  params = { allow_urgent = true },
  when = { event = "observation.recorded" },
  expect = { { to = "coach", key = "item/5.1", priority = 1, focus = false } },
}

case "no focus this period: quiet" {
  given = {
    observations = { { teacher = "t1", instrument = "pb", date = "2026-10-06", scores = { ["3.1"] = 1 } } },
  },
  when = { event = "observation.recorded" },
  expect = {},
}

case "English schools read English" {
  given = {
    school = { language = "en" },
    period = { focus = { instrument = "pb", section = 3 } },
    observations = { { teacher = "t1", instrument = "pb", date = "2026-10-06", scores = { ["3.1"] = 1 } } },
  },
  when = { event = "observation.recorded" },
  expect = { { key = "item/3.1", text = "Item 3.1 of the focus section ‘Onderdeel 3’ occurred rarely (1 of 5, from rarely to always)" } },
}

case "focus items never observed this period are named at the end of a week" {
  given = {
    period = { start = "2026-09-01", focus = { instrument = "pb", section = 3 } },
    observations = {
      { teacher = "t1", instrument = "pb", date = "2026-10-06", scores = { ["3.1"] = 4 } },
      { teacher = "t2", instrument = "pb", date = "2026-10-07", scores = { ["3.1"] = 3, ["3.2"] = 4 } },
    },
  },
  when = { event = "week.ended", week = "2026-W41" },
  expect = { { to = "coach", teacher = "t1", key = "unobserved", focus = true, priority = 4, text = "Kijkpunt 3.2 van het focusonderdeel ‘Onderdeel 3’ werd deze periode nog niet geobserveerd." } },
}

case "early in the period, unobserved items stay quiet" {
  given = {
    period = { start = "2026-09-28", focus = { instrument = "pb", section = 3 } },
    observations = {
      { teacher = "t1", instrument = "pb", date = "2026-10-06", scores = { ["3.1"] = 4 } },
      { teacher = "t2", instrument = "pb", date = "2026-10-07", scores = { ["3.2"] = 4 } },
    },
  },
  when = { event = "week.ended", week = "2026-W41" },
  expect = {},
}
