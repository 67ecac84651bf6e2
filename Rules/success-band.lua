-- Success rate out of band: a pupil whose success over recent tasks is far below or far
-- above about 80 %.
--
-- Seed 001 (Leerpunt, de 80 %-regel): pupils stay motivated when they get about 80 % of tasks
-- right; much lower and much higher rates both demotivate.
--
-- One prompt per class for each side of the band, with the pupils listed.
return rule {
  id = "success-band",
  title = { nl = "Aandeel juiste opdrachten ver van 80 %", en = "Success rate out of band" },
  description = "Leerlingen die de laatste weken veel minder of veel meer dan ongeveer 80 % juist hebben; samengebracht per klas.",
  seed = "seed 001, Leerpunt: ongeveer 80 % juist houdt leerlingen gemotiveerd",
  why = {
    nl = "Leerlingen blijven gemotiveerd als ongeveer 80 % van hun opdrachten lukt; veel minder is te moeilijk, bijna alles is te gemakkelijk.",
    en = "Pupils stay motivated when about 80 % of their tasks succeed; much less is too hard, nearly everything is too easy.",
  },
  source = { nl = "Leerpunt, ‘Leidraad feedback’", en = "Leerpunt, ‘Feedback guideline’" },
  on = { "week.ended" },
  params = { weeks = 4, low = 60, high = 95, min_results = 3, listed = 8 },
  texts = {
    nl = {
      low_one = "In {class_word} {class} haalt één leerling de laatste {weeks} weken gemiddeld minder dan {low} %: {pupils}. Het werk is dan wellicht te moeilijk om gemotiveerd te blijven.",
      low_many = "In {class_word} {class} halen {count} leerlingen de laatste {weeks} weken gemiddeld minder dan {low} %: {pupils}. Het werk is dan wellicht te moeilijk om gemotiveerd te blijven.",
      high_one = "In {class_word} {class} haalt één leerling de laatste {weeks} weken gemiddeld meer dan {high} %: {pupils}. Het werk is dan wellicht te gemakkelijk om er nog veel uit te leren.",
      high_many = "In {class_word} {class} halen {count} leerlingen de laatste {weeks} weken gemiddeld meer dan {high} %: {pupils}. Het werk is dan wellicht te gemakkelijk om er nog veel uit te leren.",
      pupil = "{pupil} ({rate} % op {count} opdrachten)",
      pupil_one = "{pupil} ({rate} % op 1 opdracht)",
      more = "en nog {count}",
      next_low = "Bekijk samen hoe deze leerlingen verlengde instructie in kleinere stappen kunnen krijgen, met opdrachten waarvan ongeveer 8 op de 10 lukken.",
      next_low_one = "Bekijk samen hoe deze leerling verlengde instructie in kleinere stappen kan krijgen, met opdrachten waarvan ongeveer 8 op de 10 lukken.",
      next_high = "Bekijk samen welke uitdaging (verrijking) of welk ander spoor past, en betrek de leerlingen bij die keuze.",
      next_high_one = "Bekijk samen welke uitdaging (verrijking) of welk ander spoor past, en betrek de leerling bij die keuze.",
    },
    en = {
      low_one = "In class {class} one pupil averaged below {low} % over the last {weeks} weeks: {pupils}. That is probably too hard to stay motivated.",
      low_many = "In class {class} {count} pupils averaged below {low} % over the last {weeks} weeks: {pupils}. That is probably too hard to stay motivated.",
      high_one = "In class {class} one pupil averaged above {high} % over the last {weeks} weeks: {pupils}. That is probably too easy to learn much from.",
      high_many = "In class {class} {count} pupils averaged above {high} % over the last {weeks} weeks: {pupils}. That is probably too easy to learn much from.",
      pupil = "{pupil} ({rate} % on {count} tasks)",
      pupil_one = "{pupil} ({rate} % on 1 task)",
      more = "and {count} more",
      next_low = "Look together at how these pupils can get extended instruction in smaller steps, with tasks of which about 8 in 10 succeed.",
      next_low_one = "Look together at how this pupil can get extended instruction in smaller steps, with tasks of which about 8 in 10 succeed.",
      next_high = "Look together at which challenge (enrichment) or other track fits, and involve the pupils in that choice.",
      next_high_one = "Look together at which challenge (enrichment) or other track fits, and involve the pupil in that choice.",
    },
  },
  run = function(ev, ctx, p)
    local from = ctx.add_days(ev.to, -7 * p.weeks + 1)
    -- Each pupil's mean for the whole school in one question: the results themselves only for
    -- a pupil who is shown.
    local means = ctx.mastery{ by = "pupil", from = from, to = ev.to }
    local in_class, aliases = {}, {}
    for _, pupil in ipairs(ctx.pupils()) do
      aliases[pupil.id] = pupil.alias
      if means[pupil.id] then
        local list = in_class[pupil.class]
        if not list then list = {}; in_class[pupil.class] = list end
        list[#list + 1] = pupil.id
      end
    end
    for _, class in ipairs(ctx.classes()) do
      local order = in_class[class.id] or {}
      table.sort(order)
      local sides = { low = {}, high = {} }
      for _, pupil in ipairs(order) do
        local who = means[pupil]
        local rate = who.mean
        if who.count >= p.min_results and (rate < p.low or rate > p.high) then
          local refs = {}
          for _, r in ipairs(ctx.results{ pupil = pupil, from = from, to = ev.to, fields = { "ref", "mastery" } }) do
            if r.mastery then refs[#refs + 1] = r.ref end
          end
          local side = sides[rate < p.low and "low" or "high"]
          side[#side + 1] = { refs = refs, pupil = aliases[pupil] or pupil, rate = math.floor(rate + 0.5), count = who.count }
        end
      end
      for _, side in ipairs({ "low", "high" }) do
        local found = sides[side]
        if #found > 0 then
          local listed, evidence = {}, {}
          for i, f in ipairs(found) do
            -- Texts only for the pupils named; every pupil's results are in the evidence.
            if i <= p.listed then
              listed[#listed + 1] = ctx.t(f.count == 1 and "pupil_one" or "pupil", { pupil = f.pupil, rate = f.rate, count = f.count })
            end
            for _, ref in ipairs(f.refs) do evidence[#evidence + 1] = ref end
          end
          local names = table.concat(listed, ", ")
          if #found > #listed then names = names .. " " .. ctx.t("more", { count = #found - #listed }) end
          local vars = { class = class.name, count = #found, pupils = names, weeks = p.weeks, low = p.low, high = p.high }
          table.sort(evidence)
          ctx.prompt{
            to = "coach", class = class.id, key = "band/" .. side, priority = side == "low" and 3 or 4,
            text = ctx.t(side .. (#found == 1 and "_one" or "_many"), vars), next_step = ctx.t("next_" .. side .. (#found == 1 and "_one" or ""), vars),
            evidence = evidence,
          }
        end
      end
    end
  end,
}
