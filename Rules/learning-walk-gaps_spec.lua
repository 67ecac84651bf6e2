case "a behaviour empty on two walks is a team growth point, in words" {
  given = {
    instruments = { { id = "walk", scale = "seenNotSeen", items = {
      { key = "1.2", text = "Leerlingen kunnen het doel van de les in eigen woorden zeggen." } } } },
    walks = {
      { date = "2026-09-24", instrument = "walk", findings = { ["1.1"] = "seen", ["1.2"] = "notSeen", ["2.1"] = "seen" } },
      { date = "2026-10-15", instrument = "walk", findings = { ["1.1"] = "seen", ["2.1"] = "seen", ["1.2"] = "notSeen" } },
    },
  },
  when = { event = "learningWalk.recorded" },
  expect = { { why = "Wat tijdens leerwandelingen niet gezien wordt,", to = "team", key = "walk/1", evidence = 2, text = "op de laatste 2 leerwandelingen zag het wandelteam ‘Leerlingen kunnen het doel van de les in eigen woorden zeggen’ (kijkpunt 1.2) nog niet. Dat is een momentopname: leeg betekent niet dat het ontbreekt." } },
}

case "seen on one of the two walks is enough" {
  given = {
    walks = {
      { date = "2026-09-24", instrument = "walk", findings = { ["1.1"] = "seen", ["1.2"] = "seen" } },
      { date = "2026-10-15", instrument = "walk", findings = { ["1.1"] = "seen", ["1.2"] = "notSeen" } },
    },
  },
  when = { event = "learningWalk.recorded" },
  expect = {},
}

case "one walk alone says nothing yet" {
  given = { walks = { { date = "2026-10-15", instrument = "walk", findings = { ["1.1"] = "notSeen" } } } },
  when = { event = "learningWalk.recorded" },
  expect = {},
}
