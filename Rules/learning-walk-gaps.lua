-- Learning-walk gaps: a didactic principle whose visible pupil behaviour stayed empty on the
-- last two learning walks becomes a growth point for the team, never about one teacher.
--
-- Seed 000 (Provinciale School Diepenbeek, leerwandeling): an empty field means "not seen this
-- time", not absent; the walking team discusses growth points at team level, without linking
-- them to teachers or classes.
return rule {
  id = "learning-walk-gaps",
  title = { nl = "Nog niet gezien op de leerwandelingen", en = "Not yet seen on learning walks" },
  description = "Een didactisch principe dat op de laatste twee leerwandelingen leeg bleef: een groeikans voor het team.",
  seed = "seed 000, Provinciale School Diepenbeek: leeg is niet afwezig; terugkoppeling op teamniveau",
  why = {
    nl = "Wat tijdens leerwandelingen niet gezien wordt, kan een groeikans zijn voor het hele team en is nooit een oordeel over één leerkracht.",
    en = "What learning walks do not see may be a growth opportunity for the whole team, and is never a judgement of one teacher.",
  },
  source = { nl = "VideoKLuB-kennisdossier ‘Groeigerichte feedback’", en = "VideoKLuB knowledge file ‘Growth-oriented feedback’" },
  on = { "learningWalk.recorded" },
  params = { walks = 2 },
  texts = {
    nl = {
      text = "Principe ‘{principle}’: op de laatste {walks} leerwandelingen zag het wandelteam {count} kijkpunten nog niet, waaronder ‘{first}’ (kijkpunten {items}). Dat is een momentopname: leeg betekent niet dat het ontbreekt.",
      text_one = "Principe ‘{principle}’: op de laatste {walks} leerwandelingen zag het wandelteam ‘{first}’ (kijkpunt {items}) nog niet. Dat is een momentopname: leeg betekent niet dat het ontbreekt.",
      next = "Bespreek met het team of dit een groeikans is. Wie al een sterk praktijkvoorbeeld van dit principe heeft, deelt het vóór de volgende leerwandeling met het team.",
    },
    en = {
      text = "Principle ‘{principle}’: on the last {walks} learning walks the walking team did not yet see {count} items, among them ‘{first}’ (items {items}). That is a snapshot: empty does not mean absent.",
      text_one = "Principle ‘{principle}’: on the last {walks} learning walks the walking team did not yet see ‘{first}’ (item {items}). That is a snapshot: empty does not mean absent.",
      next = "Discuss with the team whether this is a growth point. Whoever already has a strong example of this principle shares it with the team before the next learning walk.",
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
        if not seen then empty[#empty + 1] = item end
      end
      if #empty > 0 then
        -- The first behaviour in words (a number alone says nothing to the team), without its
        -- closing full stop, cut to a sentence's length.
        local first = (empty[1].text or empty[1].key):gsub("%.%s*$", "")
        if (utf8.len(first) or 0) > 120 then first = first:sub(1, utf8.offset(first, 118) - 1) .. "…" end
        local keys = {}
        for _, item in ipairs(empty) do keys[#keys + 1] = item.key end
        ctx.prompt{
          to = "team", key = "walk/" .. section.number, priority = 3,
          text = ctx.t(#empty == 1 and "text_one" or "text",
                       { principle = (section.title:gsub("%.%s*$", "")), first = first, items = table.concat(keys, ", "), walks = p.walks, count = #empty }),
          next_step = ctx.t("next", {}), evidence = refs,
        }
      end
    end
  end,
}
