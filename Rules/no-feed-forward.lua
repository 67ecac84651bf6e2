-- No feed-forward: feedback that never names a next step ("Hoe ga ik nu verder?").
--
-- Seed 000 (Campus Fenix kijkwijzer, onderdeel 4: "Ik geef concrete en richtinggevende
-- 'feed forward'") and seed 003 (the formative cycle: follow-up actions).
return rule {
  id = "no-feed-forward",
  title = { nl = "Geen feed forward", en = "No feed-forward" },
  description = "Een leerkracht bij wie geen enkel genoteerd feedbackmoment van de laatste weken een volgende stap bevatte.",
  seed = "seed 000, Campus Fenix onderdeel 4 'feed forward'; seed 003, formatieve cyclus",
  why = {
    nl = "Feedback helpt pas vooruit als de leerling weet wat de volgende stap is (feed forward); zonder die stap blijft het bij een oordeel.",
    en = "Feedback only moves learning forward when the pupil knows the next step (feed forward); without it, it stays a judgement.",
  },
  source = { nl = "VideoKLuB-kennisdossier ‘Groeigerichte feedback’; whitepaper ‘Gepersonaliseerd leren’", en = "VideoKLuB knowledge file ‘Growth-oriented feedback’; whitepaper ‘Personalised learning’" },
  on = { "week.ended" },
  params = { weeks = 2, min_moments = 5 },
  texts = {
    nl = {
      text = "Geen van de {count} genoteerde feedbackmomenten van de laatste {weeks} weken bevatte een volgende stap (feed forward).",
      text_one = "Het enige genoteerde feedbackmoment van de laatste {weeks} weken bevatte geen volgende stap (feed forward).",
      next = "Spreek samen af om de volgende feedback af te sluiten met één concrete leerstap, bijvoorbeeld ‘Probeer bij de volgende oefening eerst …’.",
    },
    en = {
      text = "None of the {count} recorded feedback moments of the last {weeks} weeks included a next step (feed-forward).",
      text_one = "The only recorded feedback moment of the last {weeks} weeks included no next step (feed-forward).",
      next = "Agree together to end the next piece of feedback with one concrete next step, e.g. ‘In the next exercise, first try …’.",
    },
  },
  run = function(ev, ctx, p)
    local from = ctx.add_days(ev.to, -7 * p.weeks + 1)
    -- Counts first, per teacher and question in one question (no-feed-up asks the same one
    -- when its weeks are these, and the engine then answers it once): the records themselves
    -- only for a teacher who gets a prompt.
    local counts = ctx.count{ of = "feedback", by = { "teacher", "question" }, from = from, to = ev.to }
    for _, teacher in ipairs(ctx.teachers()) do
      local questions, all = counts[teacher.id] or {}, 0
      for _, n in pairs(questions) do all = all + n end
      if all >= p.min_moments and (questions.feedForward or 0) == 0 then
        local refs = {}
        for _, f in ipairs(ctx.feedback{ teacher = teacher.id, from = from, to = ev.to }) do refs[#refs + 1] = f.ref end
        ctx.prompt{
          to = "coach", teacher = teacher.id, key = "no-feed-forward", priority = 3,
          text = ctx.t(all == 1 and "text_one" or "text", { count = all, weeks = p.weeks }), next_step = ctx.t("next", {}), evidence = refs,
        }
      end
    end
  end,
}
