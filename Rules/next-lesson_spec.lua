-- Specs for next-lesson: `when = { suggest = { ... } }` asks the rule's suggest, and `expect`
-- lists the suggestions (most urgent first, at most three).

case "suggests the weakest focus item, pupils for the miniklas, and the least used feedback level" {
  given = {
    period = { focus = { instrument = "pb", section = 3 } },
    observations = { { teacher = "t1", instrument = "pb", date = "2026-10-21", scores = { ["3.1"] = 4, ["3.2"] = 2 } } },
    feedback = {
      { teacher = "t1", class = "k1", goal = "breuken", date = "2026-10-22", level = "task" },
      { teacher = "t1", class = "k1", goal = "breuken", date = "2026-10-23", level = "process" },
      { teacher = "t1", class = "k1", goal = "breuken", date = "2026-10-26", level = "task" },
    },
    results = {
      { pupil = "p1", goal = "breuken", date = "2026-10-20", score = 3, maximum = 10 },
      { pupil = "p1", goal = "breuken", date = "2026-10-27", score = 4, maximum = 10 },
    },
  },
  when = { suggest = { teacher = "t1", day = "2026-10-30" } },
  expect = {
    { priority = 1, text = "laagst gescoord bij de laatste observatie (2): Kijkpunt 3.2", evidence = 1 },
    { priority = 2, text = "Verlengde instructie in de miniklas voor p1 bij 'breuken'", evidence = 2 },
    { priority = 2, text = "Geef deze week bewust feedback op de zelfregulatie" },
  },
}

case "nothing recorded, nothing suggested" {
  given = { teachers = { "t1" } },
  when = { suggest = { teacher = "t1", day = "2026-10-30" } },
  expect = {},
}
