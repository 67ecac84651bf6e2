-- Learning-walk gaps: a didactic principle whose visible pupil behaviour stayed empty on the
-- last two learning walks becomes a growth point for the team, never about one teacher.
--
-- Seed 000 (Provinciale School Diepenbeek, leerwandeling): an empty field means "not seen this
-- time", not absent; the walking team discusses growth points at team level, without linking
-- them to teachers or classes.
return rule {
  id = "learning-walk-gaps",
  title = { nl = "Leemte op de leerwandelingen", en = "Learning-walk gaps" },
  description = "Een didactisch principe dat op de laatste twee leerwandelingen leeg bleef: een groeikans voor het team.",
  seed = "seed 000, Provinciale School Diepenbeek: leeg is niet afwezig; terugkoppeling op teamniveau",
  why = {
    nl = "Wat tijdens leerwandelingen niet gezien wordt, kan een groeikans zijn voor het hele team en is nooit een oordeel over één leerkracht.",
    en = "What learning walks do not see is a growth opportunity for the whole team, never a judgement of one teacher.",
  },
  source = { nl = "VideoKLuB-kennisdossier ‘Groeigerichte feedback’", en = "VideoKLuB knowledge file ‘Growth-oriented feedback’" },
  on = { "learningWalk.recorded" },
  params = { walks = 2 },
  texts = {
    nl = {
      text = "Principe ‘{principle}’: {count} kijkpunten ({items}) werden tijdens de laatste {walks} leerwandelingen niet gezien.",
      text_one = "Principe ‘{principle}’: kijkpunt {items} werd tijdens de laatste {walks} leerwandelingen niet gezien.",
      next = "Bespreek met het team of dit een groeikans is, en verzamel een sterk praktijkvoorbeeld voor de volgende wandeling.",
    },
    en = {
      text = "Principle ‘{principle}’: {items} stayed empty on the last {walks} learning walks ({count} items).",
      text_one = "Principle ‘{principle}’: item {items} stayed empty on the last {walks} learning walks.",
      next = "Discuss with the team whether this is a growth point, and gather a strong example before the next walk.",
    },
  },
  run = function(ev, ctx, p)
    local walks = ctx.walks{ limit = p.walks }
    if #walks < p.walks then return end
    for _, w in ipairs(walks) do
      if w.instrument ~= ev.instrument then return end -- only walks with the same kijkwijzer compare
    end
    local instrument = ctx.instrument(ev.instrument, ev.version)
    if not instrument then return end
    local refs = {}
    for _, w in ipairs(walks) do refs[#refs + 1] = w.ref end
    for _, section in ipairs(instrument.sections) do
      local empty = {}
      for _, item in ipairs(section.items) do
        local seen = false
        for _, w in ipairs(walks) do
          local finding = w.findings[item.key]
          if finding and finding.status == "seen" then seen = true end
        end
        if not seen then empty[#empty + 1] = item.key end
      end
      if #empty > 0 then
        ctx.prompt{
          to = "team", key = "walk/" .. section.number, priority = 3,
          text = ctx.t(#empty == 1 and "text_one" or "text", { principle = section.title, items = table.concat(empty, ", "), walks = p.walks, count = #empty }),
          next_step = ctx.t("next", {}), evidence = refs,
        }
      end
    end
  end,
}
