-- Static groups: a class whose track assignment for a goal has not changed in N weeks.
--
-- Seed 002 (Peter Benoit, kijkwijzer onderdeel 3 "Flexibel groeperen"): groups are flexible
-- and temporary, depending on the learning goal; static groups lower expectations.
return rule {
  id = "static-groups",
  title = { nl = "Groepen veranderen niet", en = "Groups never change" },
  description = "Een klas waarvan de sporen voor een doel al N weken niet veranderden.",
  seed = "seed 002, Peter Benoit: de groepen zijn tijdelijk en afhankelijk van het leerdoel",
  on = { "week.ended" },
  params = { weeks = 6, min_pupils = 4 },
  texts = {
    nl = {
      text = "De sporen van klas {class} voor '{goal}' veranderden al {weeks} weken niet ({pupils} leerlingen, sinds {since}).",
      next = "Kijk met de leerkracht naar de laatste exit-tickets voor '{goal}' en herverdeel wie klaar is voor een ander spoor.",
    },
    en = {
      text = "The tracks of class {class} for '{goal}' have not changed for {weeks} weeks ({pupils} pupils, since {since}).",
      next = "Look at the latest exit tickets for '{goal}' with the teacher and move whoever is ready to another track.",
    },
  },
  run = function(ev, ctx, p)
    local titles = {}
    for _, g in ipairs(ctx.goals()) do titles[g.id] = g.title end
    for _, class in ipairs(ctx.classes()) do
      local per_goal, order = {}, {}
      for _, s in ipairs(ctx.placements{ class = class.id, current = true }) do
        local g = per_goal[s.goal]
        if not g then
          g = { latest = s.from, pupils = 0, refs = {} }
          per_goal[s.goal] = g
          order[#order + 1] = s.goal
        end
        g.pupils = g.pupils + 1
        g.refs[#g.refs + 1] = s.ref
        if s.from > g.latest then g.latest = s.from end
      end
      table.sort(order)
      for _, goal in ipairs(order) do
        local g = per_goal[goal]
        local weeks = ctx.days(g.latest, ctx.today()) // 7
        if g.pupils >= p.min_pupils and weeks >= p.weeks then
          local vars = { class = class.name, goal = titles[goal] or goal, weeks = weeks, pupils = g.pupils, since = g.latest }
          ctx.prompt{
            to = "coach", class = class.id, key = "static/" .. goal, priority = 3,
            text = ctx.t("text", vars), next_step = ctx.t("next", vars), evidence = g.refs,
          }
        end
      end
    end
  end,
}
