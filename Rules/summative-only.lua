-- Mostly summative feedback: a week in which most of a teacher's feedback (by default 80 %)
-- came after tests, little or none during learning.
--
-- Seed 000 (Sint-Petrus): feedback was given mostly after tests; the school set out to give
-- growth-oriented feedback during the learning process (formatief).
return rule {
  id = "summative-only",
  title = { nl = "Vooral summatieve feedback", en = "Mostly summative feedback" },
  description = "Een week waarin de genoteerde feedback van een leerkracht vooral na een toets kwam (standaard minstens 80 %), met weinig of geen feedback tijdens het leren.",
  seed = "seed 000, Sint-Petrus: van feedback na toetsen naar feedback tijdens het leerproces",
  why = {
    nl = "Feedback tijdens het leren helpt leerlingen vooruit; feedback die pas na een toets komt, komt te laat om er nog mee aan de slag te gaan.",
    en = "Feedback during learning moves pupils forward; feedback that only comes after a test comes too late to practise with.",
  },
  source = { nl = "VideoKLuB-kennisdossier ‘Groeigerichte feedback’", en = "VideoKLuB knowledge file ‘Growth-oriented feedback’" },
  on = { "week.ended" },
  params = { min_moments = 3, share = 0.8 }, -- share: from this part of a week's feedback after a test on
  texts = {
    nl = {
      text = "Deze week kwam alle genoteerde feedback ({count} momenten) na een toets; geen feedback tijdens het leren.",
      text_one = "Het enige genoteerde feedbackmoment van deze week kwam na een toets; geen feedback tijdens het leren.",
      mostly = "Deze week kwamen {summative} van de {count} genoteerde feedbackmomenten na een toets; weinig feedback tijdens het leren.",
      next = "Plan samen voor de volgende les één kort feedbackmoment tijdens het oefenen, bijvoorbeeld met ‘stop en reflecteer’.",
    },
    en = {
      text = "This week all recorded feedback ({count} moments) came after a test; none during learning.",
      text_one = "The only recorded feedback moment this week came after a test; none during learning.",
      mostly = "This week {summative} of the {count} recorded feedback moments came after a test; little feedback during learning.",
      next = "Plan together one short feedback moment during practice in the next lesson, for example ‘stop and reflect’.",
    },
  },
  run = function(ev, ctx, p)
    -- Counts first, per teacher and timing in one question: the records themselves only for a
    -- teacher who gets a prompt.
    local counts = ctx.count{ of = "feedback", by = { "teacher", "timing" }, from = ev.from, to = ev.to }
    for _, teacher in ipairs(ctx.teachers()) do
      local timings, all = counts[teacher.id] or {}, 0
      for _, n in pairs(timings) do all = all + n end
      local summative = timings.summative or 0
      if all >= p.min_moments and summative / all >= p.share then
        local refs = {}
        for _, f in ipairs(ctx.feedback{ teacher = teacher.id, timing = "summative", from = ev.from, to = ev.to }) do
          refs[#refs + 1] = f.ref
        end
        ctx.prompt{
          to = "coach", teacher = teacher.id, key = "summative-only", priority = 2,
          text = ctx.t(summative < all and "mostly" or all == 1 and "text_one" or "text", { count = all, summative = summative }),
          next_step = ctx.t("next", {}), evidence = refs,
        }
      end
    end
  end,
}
