-- Success rate out of band: a pupil whose success over recent tasks is far below or far
-- above about 80 %.
--
-- Seed 001 (Leerpunt, de 80 %-regel): pupils stay motivated when they get about 80 % of tasks
-- right; much lower and much higher rates both demotivate.
return rule {
  id = "success-band",
  title = { nl = "Slaagkans buiten de 80 %", en = "Success rate out of band" },
  description = "Een leerling die de laatste weken veel minder of veel meer dan ongeveer 80 % juist heeft.",
  seed = "seed 001, Leerpunt: ongeveer 80 % juist houdt leerlingen gemotiveerd",
  on = { "week.ended" },
  params = { weeks = 4, low = 60, high = 95, min_results = 3 },
  texts = {
    nl = {
      low = "{pupil} haalt de laatste {weeks} weken gemiddeld {rate} % op {count} opdrachten: te moeilijk om gemotiveerd te blijven.",
      high = "{pupil} haalt de laatste {weeks} weken gemiddeld {rate} % op {count} opdrachten: te makkelijk om nog te leren.",
      next_low = "Geef {pupil} verlengde instructie in kleinere stappen en kies opdrachten waar ongeveer 8 op 10 lukt.",
      next_high = "Geef {pupil} een uitdaging of een stap naar een ander spoor; bespreek het samen met {pupil}.",
    },
    en = {
      low = "{pupil} averaged {rate} % on {count} tasks over the last {weeks} weeks: too hard to stay motivated.",
      high = "{pupil} averaged {rate} % on {count} tasks over the last {weeks} weeks: too easy to keep learning.",
      next_low = "Give {pupil} extended instruction in smaller steps and choose tasks where about 8 in 10 succeed.",
      next_high = "Give {pupil} a challenge or a step to another track; talk it over with {pupil}.",
    },
  },
  run = function(ev, ctx, p)
    local from = ctx.add_days(ev.to, -7 * p.weeks + 1)
    for _, class in ipairs(ctx.classes()) do
      local aliases = {}
      for _, pupil in ipairs(ctx.pupils{ class = class.id }) do aliases[pupil.id] = pupil.alias end
      local per_pupil, order = {}, {}
      for _, r in ipairs(ctx.results{ class = class.id, from = from, to = ev.to }) do
        if r.mastery then
          local who = per_pupil[r.pupil]
          if not who then who = { sum = 0, count = 0, refs = {} }; per_pupil[r.pupil] = who; order[#order + 1] = r.pupil end
          who.sum, who.count = who.sum + r.mastery, who.count + 1
          who.refs[#who.refs + 1] = r.ref
        end
      end
      table.sort(order)
      for _, pupil in ipairs(order) do
        local who = per_pupil[pupil]
        local rate = who.sum / who.count
        if who.count >= p.min_results and (rate < p.low or rate > p.high) then
          local low = rate < p.low
          local vars = { pupil = aliases[pupil] or pupil, weeks = p.weeks, rate = math.floor(rate + 0.5), count = who.count }
          ctx.prompt{
            to = "coach", class = class.id, key = "band/" .. pupil, priority = low and 3 or 4,
            text = ctx.t(low and "low" or "high", vars), next_step = ctx.t(low and "next_low" or "next_high", vars),
            evidence = who.refs,
          }
        end
      end
    end
  end,
}
