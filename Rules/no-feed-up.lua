-- No feed-up: a teacher whose feedback never answers "Waar ga ik naartoe?" (the learning goal
-- and what success looks like).
--
-- Seed 001 (Leerpunt, feedback guideline: feedback answers three questions, feed up, feedback
-- and feed forward) and seed 000 (Campus Fenix kijkwijzer, onderdeel 1: "Ik maak het leerdoel
-- en de verwachtingen helder").
return rule {
  id = "no-feed-up",
  title = { nl = "Geen feed up", en = "No feed-up" },
  description = "Een leerkracht bij wie geen enkel genoteerd feedbackmoment van de laatste week naar het leerdoel of de succescriteria verwees.",
  seed = "seed 001, Leerpunt: drie feedbackvragen; seed 000, Campus Fenix onderdeel 1 'leerdoel en verwachtingen helder'",
  why = {
    nl = "Feedback werkt pas als de leerling weet waar hij naartoe werkt (feed up): zonder leerdoel en succescriteria weet hij niet wat ‘goed’ is.",
    en = "Feedback only works when the pupil knows where he is heading (feed up): without a learning goal and success criteria he cannot tell what ‘good’ is.",
  },
  source = { nl = "Leerpunt, ‘Leidraad feedback’; VideoKLuB-kennisdossier ‘Groeigerichte feedback’", en = "Leerpunt, ‘Feedback guideline’; VideoKLuB knowledge file ‘Growth-oriented feedback’" },
  on = { "week.ended" },
  params = { weeks = 1, min_moments = 5 },
  texts = {
    nl = {
      text = "Geen van de {count} genoteerde feedbackmomenten van deze week verwees naar het leerdoel of de succescriteria (feed up).",
      text_weeks = "Geen van de {count} genoteerde feedbackmomenten van de laatste {weeks} weken verwees naar het leerdoel of de succescriteria (feed up).",
      text_one = "Het enige genoteerde feedbackmoment van deze week verwees niet naar het leerdoel of de succescriteria (feed up).",
      next = "Spreek samen af om de volgende les te beginnen met het leerdoel en één succescriterium in de taal van de leerlingen (‘Vandaag leren we … Het is gelukt als …’), en er in de feedback naar terug te verwijzen.",
    },
    en = {
      text = "None of the {count} feedback moments this week named the learning goal or the success criteria (feed-up).",
      text_weeks = "None of the {count} feedback moments of the last {weeks} weeks named the learning goal or the success criteria (feed-up).",
      text_one = "The only feedback moment this week named neither the learning goal nor the success criteria (feed-up).",
      next = "Agree together to start the next lesson with the learning goal and one success criterion in the pupils' words (‘Today we learn … You have it when …’), and to refer back to it in the feedback.",
    },
  },
  run = function(ev, ctx, p)
    local from = ctx.add_days(ev.to, -7 * p.weeks + 1)
    -- Counts first, per teacher and question in one question (no-feed-forward asks the same one
    -- when its weeks are these, and the engine then answers it once): the records themselves
    -- only for a teacher who gets a prompt.
    local counts = ctx.count{ of = "feedback", by = { "teacher", "question" }, from = from, to = ev.to }
    for _, teacher in ipairs(ctx.teachers()) do
      local questions, all = counts[teacher.id] or {}, 0
      for _, n in pairs(questions) do all = all + n end
      if all >= p.min_moments and (questions.feedUp or 0) == 0 then
        local refs = {}
        for _, f in ipairs(ctx.feedback{ teacher = teacher.id, from = from, to = ev.to }) do refs[#refs + 1] = f.ref end
        ctx.prompt{
          to = "coach", teacher = teacher.id, key = "no-feed-up", priority = 3,
          text = ctx.t(all == 1 and "text_one" or p.weeks == 1 and "text" or "text_weeks", { count = all, weeks = p.weeks }),
          next_step = ctx.t("next", {}), evidence = refs,
        }
      end
    end
  end,
}
