-- Person-level praise: a teacher whose logged feedback is mostly about the person
-- ("echt een wiskundeknobbel!") rather than the task, the process or self-regulation.
--
-- Seed 001 (Leerpunt, feedbackniveaus): feedback on the person does not improve learning.
-- Seed 000 (Campus Fenix kijkwijzer, "Ik geef procesgerichte feedback") gives example sentences.
return rule {
  id = "person-praise",
  title = { nl = "Vooral persoonsgerichte feedback", en = "Mostly person-level praise" },
  description = "Een leerkracht wiens genoteerde feedback de laatste weken vooral op de persoon gericht is.",
  seed = "seed 001, Leerpunt: feedback op persoonsniveau verbetert het leren niet; seed 000, Campus Fenix: voorbeeldzinnen",
  why = {
    nl = "Feedback op persoonsniveau (‘goed zo, jij bent slim!’) verbetert het leren niet; feedback op de taak, het proces en de zelfregulatie wel.",
    en = "Feedback at person level (‘well done, clever girl’) does not improve learning; feedback on the task, the process and self-regulation does.",
  },
  source = { nl = "Leerpunt, ‘Leidraad feedback’", en = "Leerpunt, ‘Feedback guideline’" },
  on = { "week.ended" },
  params = { weeks = 3, share = 0.5, min_moments = 5, kijkwijzer = "campus-fenix-feedback-zelfregulatie", example_item = "2.1" },
  texts = {
    nl = {
      text = "Van de genoteerde feedback van de laatste {weeks} weken ging {share} % over de leerling als persoon ({person} van de {all} feedbackmomenten).",
      next = "Oefen samen één procesgerichte zin voor de volgende les, bijvoorbeeld: {example}",
      next_plain = "Oefen samen één zin die zegt hoe de leerling het aanpakte, niet wie de leerling is.",
    },
    en = {
      text = "{share} % of the feedback logged in the last {weeks} weeks was about the person ({person} of {all}).",
      next = "Practise one process-level sentence for the next lesson together, for example: {example}",
      next_plain = "Practise one sentence together that says how the pupil went about it, not who the pupil is.",
    },
  },
  run = function(ev, ctx, p)
    local instrument = ctx.instrument(p.kijkwijzer)
    local example
    -- Only an example written for this school's level (the Campus Fenix sentences are
    -- secondary-school mathematics); otherwise the plain next step.
    local level = ctx.school().level
    local fits = instrument and not (instrument.level and level and instrument.level ~= level)
    if fits then
      for _, section in ipairs(instrument.sections) do
        for _, item in ipairs(section.items) do
          if item.key == p.example_item then example = item.example end
        end
      end
    end
    local from = ctx.add_days(ev.to, -7 * p.weeks + 1)
    -- Counts first, per teacher and level in one question: the records themselves only for a
    -- teacher who gets a prompt.
    local counts = ctx.count{ of = "feedback", by = { "teacher", "level" }, from = from, to = ev.to }
    for _, teacher in ipairs(ctx.teachers()) do
      local levels, all = counts[teacher.id] or {}, 0
      for _, n in pairs(levels) do all = all + n end
      local person = levels.person or 0
      if all >= p.min_moments and person / all > p.share then
        local refs = {}
        for _, f in ipairs(ctx.feedback{ teacher = teacher.id, level = "person", from = from, to = ev.to }) do refs[#refs + 1] = f.ref end
        local vars = { share = math.floor(person / all * 100 + 0.5), weeks = p.weeks, person = person, all = all,
                       example = example }
        ctx.prompt{
          to = "coach", teacher = teacher.id, key = "person-praise", priority = 2,
          text = ctx.t("text", vars), next_step = example and ctx.t("next", vars) or ctx.t("next_plain", vars),
          evidence = refs,
        }
      end
    end
  end,
}
