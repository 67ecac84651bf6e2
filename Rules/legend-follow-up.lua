-- Legend follow-up: written feedback with the dots of the feedback legend (seed 003: a coloured
-- dot instead of the right answer, so that pupils look for themselves where it went wrong)
-- that never comes with a next step.
--
-- Seed 003 (whitepaper personalised learning, 'Leren leren': de feedbacklegenda) and seed 000
-- (feed forward).
return rule {
  id = "legend-follow-up",
  title = { nl = "Stippen zonder vervolg", en = "Legend dots without a follow-up" },
  description = "Een leerkracht wiens genoteerde feedback met stippen van de feedbacklegenda deze week nooit een volgende stap meegaf.",
  seed = "seed 003, whitepaper gepersonaliseerd leren: de feedbacklegenda; seed 000, feed forward",
  why = {
    nl = "De stippen van de feedbacklegenda werken pas als leerlingen er zelf mee aan de slag gaan: zoeken waar het misliep en het verbeteren.",
    en = "The dots of the feedback legend only work when pupils act on them: finding where it went wrong and putting it right.",
  },
  source = { nl = "whitepaper ‘Gepersonaliseerd leren’", en = "whitepaper ‘Personalised learning’" },
  on = { "week.ended" },
  params = { min_moments = 3 },
  texts = {
    nl = {
      text = "Deze week kregen leerlingen bij {count} genoteerde feedbackmomenten stippen van de feedbacklegenda ({codes}), nog zonder volgende stap (feed forward).",
      next = "Plan samen een kort moment na het teruggeven van het werk, waarin leerlingen met de legenda zelf zoeken waar het misliep en het verbeteren.",
    },
    en = {
      text = "This week pupils got dots of the feedback legend ({codes}) at {count} recorded feedback moments, without a next step yet (feed-forward).",
      next = "Plan together a short moment after handing back the work, in which pupils use the legend to find where it went wrong and put it right.",
    },
  },
  run = function(ev, ctx, p)
    -- How many coded feedback moments each teacher had, and how many of them with a next step:
    -- the records themselves only for a teacher who gets a prompt.
    local counts = ctx.count{ of = "feedback", by = { "teacher", "question" }, coded = true, from = ev.from, to = ev.to }
    for _, teacher in ipairs(ctx.teachers()) do
      local by_question, total = counts[teacher.id] or {}, 0
      for _, n in pairs(by_question) do total = total + n end
      if total >= p.min_moments and not by_question.feedForward then
        local coded, refs, seen, codes = 0, {}, {}, {}
        for _, f in ipairs(ctx.feedback{ teacher = teacher.id, coded = true, from = ev.from, to = ev.to, fields = { "ref", "codes" } }) do
          coded = coded + 1
          refs[#refs + 1] = f.ref
          for _, code in ipairs(f.codes) do
            if not seen[code] then seen[code] = true; codes[#codes + 1] = code end
          end
        end
        table.sort(codes)
        ctx.prompt{
          to = "coach", teacher = teacher.id, key = "legend-follow-up", priority = 3,
          text = ctx.t("text", { count = coded, codes = table.concat(codes, ", ") }),
          next_step = ctx.t("next", {}), evidence = refs,
        }
      end
    end
  end,
}
