-- Specs for next-lesson: `when = { suggest = { ... } }` asks the rule's suggest, and `expect`
-- lists the suggestions (most urgent first, at most two).

case "the weakest focus item first, then pupils for the miniklas with their score and the success criterion" {
  given = {
    period = { focus = { instrument = "pb", section = 3 } },
    observations = { { teacher = "t1", instrument = "pb", date = "2026-10-21", scores = { ["3.1"] = 4, ["3.2"] = 2 } } },
    goals = { { id = "breuken", title = "Breuken vereenvoudigen", criteria = { "Ik deel teller en noemer door hetzelfde getal." } } },
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
  -- At most two: the least used feedback level (few moments, no strong gap) waits.
  expect = {
    { priority = 2, text = "had dit kijkpunt de meeste groeiruimte: ‘Kijkpunt 3.2’", evidence = 1,
      why = "Eén onderdeel van de kijkwijzer per periode" },
    { priority = 3, text = "Geef p1 (35 %) verlengde instructie bij ‘Breuken vereenvoudigen’ (bijvoorbeeld in de miniklas of aan de instructietafel)", evidence = 2,
      next_step = "Ga daarna na of deze leerling het succescriterium haalt: ‘Ik deel teller en noemer door hetzelfde getal.’" },
  },
}

case "the teacher's own choice at the observation is the next step" {
  given = {
    period = { focus = { instrument = "pb", section = 3 } },
    observations = { { teacher = "t1", instrument = "pb", date = "2026-10-21", scores = { ["3.1"] = 4, ["3.2"] = 2 },
                       work_on = "Na de exitticket de groepjes opnieuw samenstellen" } },
  },
  when = { suggest = { teacher = "t1", day = "2026-10-30" } },
  expect = {
    { priority = 2, text = "Kijkpunt 3.2",
      next_step = "Je koos zelf: ‘Na de exitticket de groepjes opnieuw samenstellen’. Spreek met je coach af in welke les jullie dat samen bekijken." },
  },
}

case "mostly person-level feedback comes first: move to process or self-regulation" {
  given = {
    period = { focus = { instrument = "pb", section = 3 } },
    feedback = {
      { teacher = "t1", class = "k1", goal = "breuken", date = "2026-10-20", level = "person" },
      { teacher = "t1", class = "k1", goal = "breuken", date = "2026-10-21", level = "person" },
      { teacher = "t1", class = "k1", goal = "breuken", date = "2026-10-22", level = "person" },
      { teacher = "t1", class = "k1", goal = "breuken", date = "2026-10-23", level = "person" },
      { teacher = "t1", class = "k1", goal = "breuken", date = "2026-10-26", level = "process" },
      { teacher = "t1", class = "k1", goal = "breuken", date = "2026-10-27", level = "task" },
    },
  },
  when = { suggest = { teacher = "t1", day = "2026-10-30" } },
  expect = {
    { priority = 1, text = "In de laatste 4 weken ging 67 % van je genoteerde feedback (6 feedbackmomenten in totaal) over de leerling als persoon", evidence = 6 },
    -- No observation on the focus kijkwijzer yet: what is missing, and how to get it.
    { priority = 2, text = "Je lessen werden nog niet geobserveerd met deze kijkwijzer", evidence = 0,
      next_step = "Vraag je coach om een lesbezoek" },
  },
}

-- The Campus Fenix kijkwijzer's examples are secondary-school mathematics: offered to a
-- secondary school, never to a primary one (its reflection questions fit both).
local fenix = {
  id = "campus-fenix-feedback-zelfregulatie", scale = "presence", level = "secondary",
  items = { { key = "3.1", text = "Ik stel vragen die leerlingen laten nadenken over hun aanpak.",
              example = "Wat zou je een volgende keer anders aanpakken bij het tekenen van een grafiek?",
              reflection_question = "Zetten mijn vragen leerlingen aan het denken?" } },
}
local praise = {}
for n = 1, 5 do
  praise[n] = { teacher = "t1", class = "k1", goal = "breuken", date = "2026-10-2" .. n, level = n <= 4 and "person" or "process" }
end

case "a primary school gets no secondary-school example, but the reflection question" {
  given = { school = { level = "basisonderwijs" }, instruments = { fenix }, feedback = praise },
  when = { suggest = { teacher = "t1", day = "2026-10-30" } },
  expect = { { priority = 1, text = "over de leerling als persoon", example = false, why = "Feedback op persoonsniveau verbetert het leren niet" } },
}

case "a secondary school gets the kijkwijzer's example" {
  given = { school = { level = "secundair" }, instruments = { fenix }, feedback = praise },
  when = { suggest = { teacher = "t1", day = "2026-10-30" } },
  expect = { { priority = 1, text = "over de leerling als persoon", example = "bij het tekenen van een grafiek" } },
}

case "a goal without a success criterion says so" {
  given = {
    feedback = { { teacher = "t1", class = "k1", goal = "meten", date = "2026-10-22", level = "process" } },
    results = {
      { pupil = "p1", goal = "meten", date = "2026-10-20", score = 10, maximum = 10 },
      { pupil = "p1", goal = "meten", date = "2026-10-27", score = 10, maximum = 10 },
    },
  },
  when = { suggest = { teacher = "t1", day = "2026-10-30" } },
  expect = {
    { priority = 4, text = "Geef deze week bewust feedback op de zelfregulatie" },
    { priority = 5, text = "Geef p1 (100 %) een uitdaging (verrijking) of een ander spoor bij ‘meten’", next_step = "Dit doel heeft nog geen succescriterium" },
  },
}

case "nothing recorded, nothing suggested" {
  given = { teachers = { "t1" } },
  when = { suggest = { teacher = "t1", day = "2026-10-30" } },
  expect = {},
}

-- A school of 1,000 pupils: 40 classes of 25 with two exit tickets each; the teacher of c01
-- gave feedback in c01 only. The suggestion names c01's pupils, never another class's.
local school = { pupils = {}, results = {}, feedback = {} }
for c = 1, 40 do
  local class = string.format("c%02d", c)
  for n = 1, 25 do
    local pupil = class .. "-p" .. n
    school.pupils[#school.pupils + 1] = { id = pupil, class = class }
    for _, day in ipairs({ "2026-10-20", "2026-10-27" }) do
      school.results[#school.results + 1] = { pupil = pupil, goal = "breuken", date = day, score = n <= 3 and 3 or 8, maximum = 10 }
    end
  end
end
for n = 1, 6 do
  school.feedback[#school.feedback + 1] = { teacher = "t1", class = "c01", goal = "breuken", date = "2026-10-2" .. n,
                                            level = n <= 3 and "task" or "process" }
end

case "at school scale: only the teacher's own class, within the limits" {
  given = school,
  when = { suggest = { teacher = "t1", day = "2026-10-30" } },
  expect = {
    { priority = 3, class = "c01", text = "Geef c01-p1 (30 %), c01-p2 (30 %), c01-p3 (30 %) verlengde instructie bij ‘breuken’ (bijvoorbeeld in de miniklas of aan de instructietafel)",
      evidence = 6 },
    { priority = 4, text = "Geef deze week bewust feedback op de zelfregulatie" },
  },
}
