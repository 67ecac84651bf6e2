-- Specs for video-reflection: the Campus Fenix kijkwijzer is given with its items' texts and
-- reflection questions, as its plugin has them.
local fenix = {
  id = "campus-fenix-feedback-zelfregulatie", scale = "presence",
  items = {
    { key = "2.1", text = "Ik geef feedback over hoe de leerling het heeft aangepakt.",
      reflection_question = "Weten leerlingen waarom iets goed of fout is?" },
    { key = "3.1", text = "Ik stel vragen die leerlingen laten nadenken over hun aanpak.",
      reflection_question = "Zetten mijn vragen leerlingen aan het denken?" },
    { key = "4.1", text = "Ik formuleer duidelijk wat een volgende leerstap is." },
  },
}

case "the items not seen in the fragment, with the first one's reflection question" {
  given = {
    instruments = { fenix },
    observations = { { teacher = "t1", instrument = "campus-fenix-feedback-zelfregulatie", date = "2026-10-06",
                       scores = { ["2.1"] = 0, ["3.1"] = 0, ["4.1"] = 1 },
                       video = { uri = "video/les-3a.mp4", start = 300, ["end"] = 420 } } },
  },
  when = { event = "observation.recorded" },
  expect = { { why = "Samen een lesfragment bekijken en bij", to = "coach", teacher = "t1", priority = 2, evidence = 1,
               text = "Bij de videoreflectie van 6 oktober 2026 (fragment 5:00–7:00) waren 2 kijkpunten niet te zien: 2.1 ‘Ik geef feedback over hoe de leerling het heeft aangepakt’; 3.1",
               next_step = "sta stil bij de reflectievraag uit de kijkwijzer: ‘Weten leerlingen waarom iets goed of fout is?’" } },
}

case "one item missing, no fragment kept, no question: the plain next step" {
  given = {
    instruments = { fenix },
    observations = { { teacher = "t1", instrument = "campus-fenix-feedback-zelfregulatie", date = "2026-10-06",
                       scores = { ["2.1"] = 1, ["3.1"] = 1, ["4.1"] = 0 } } },
  },
  when = { event = "observation.recorded" },
  expect = { { text = "Bij de videoreflectie van 6 oktober 2026 was dit kijkpunt niet te zien: 4.1 ‘Ik formuleer duidelijk wat een volgende leerstap is’.",
               next_step = "samen opnieuw en kies één kijkpunt" } },
}

case "everything seen, nothing to say" {
  given = {
    instruments = { fenix },
    observations = { { teacher = "t1", instrument = "campus-fenix-feedback-zelfregulatie", date = "2026-10-06",
                       scores = { ["2.1"] = 1, ["3.1"] = 1, ["4.1"] = 1 } } },
  },
  when = { event = "observation.recorded" },
  expect = {},
}

case "another kijkwijzer is not this rule's" {
  given = {
    observations = { { teacher = "t1", instrument = "pb", date = "2026-10-06", scores = { ["3.1"] = 1 } } },
  },
  when = { event = "observation.recorded" },
  expect = {},
}
