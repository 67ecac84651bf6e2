-- Persistent track 3: pupils who stay in track 3 (extended instruction in the "miniklas") for
-- the same goal longer than N weeks, or who are in track 3 for most of their goals.
--
-- Seed 002 (Peter Benoit, 3-sporenbeleid): groups must be "flexibel en tijdelijk" and tied to a
-- learning goal; static low groups lower expectations and are hard to climb out of.
--
-- One prompt per class, with the pupils listed: a school of 1,000 pupils gets a prompt per
-- class that has such pupils, not one per pupil. The prompt comes back only when a pupil or a
-- placement is added to the list (the engine leaves out a repeat with the same evidence).
return rule {
  id = "persistent-track3",
  title = { nl = "Lang in spoor 3", en = "Persistent track-3 placement" },
  description = "Leerlingen die langer dan N weken in spoor 3 zitten voor hetzelfde doel, of voor de meeste doelen; samengebracht per klas.",
  seed = "seed 002, Peter Benoit: groepen zijn flexibel en tijdelijk, gekoppeld aan een leerdoel",
  why = {
    nl = "Groepen horen flexibel en tijdelijk te zijn, gekoppeld aan één leerdoel; wie lang in spoor 3 blijft, loopt het risico dat de verwachtingen dalen, en raakt er moeilijk weer uit.",
    en = "Groups are flexible and temporary, tied to one learning goal; a pupil who stays in track 3 for long risks lower expectations and finds it hard to climb out.",
  },
  source = { nl = "VideoKLuB-kennisdossier ‘Doelgerichte differentiatie’", en = "VideoKLuB knowledge file ‘Goal-directed differentiation’" },
  on = { "week.ended" },
  params = {
    weeks = 6,     -- longer than this in track 3 for one goal is flagged
    share = 0.5,   -- more than this share of a pupil's current goals in track 3 is flagged
    min_goals = 3, -- the share is only looked at from this many current goals
    listed = 8,    -- pupils named in the text; the rest are counted (all are in the evidence)
  },
  texts = {
    nl = {
      one = "In {class_word} {class} zit één leerling langer dan {weeks} weken of voor de meeste doelen in spoor 3: {pupils}.",
      many = "In {class_word} {class} zitten {count} leerlingen langer dan {weeks} weken of voor de meeste doelen in spoor 3: {pupils}.",
      pupil = "{pupil} ({stays})",
      long = "{weeks} weken voor ‘{goal}’, sinds {from}",
      most = "{pupil} ({count} van de {total} doelen)",
      most_all = "{pupil} (alle {total} doelen)",
      more = "en nog {count}",
      next = "Bekijk samen of deze leerlingen de succescriteria van hun doelen nu halen, en bespreek met de leerlingen of verlengde instructie nog nodig is.",
      next_one = "Bekijk samen of deze leerling de succescriteria van het doel nu haalt, en bespreek met de leerling of verlengde instructie nog nodig is.",
      next_one_goals = "Bekijk samen of deze leerling de succescriteria haalt van de doelen waarvoor die nu in spoor 3 zit, en bespreek met de leerling of verlengde instructie nog nodig is.",
    },
    en = {
      one = "In class {class} one pupil has been in track 3 for more than {weeks} weeks or for most goals: {pupils}.",
      many = "In class {class} {count} pupils have been in track 3 for more than {weeks} weeks or for most goals: {pupils}.",
      pupil = "{pupil} ({stays})",
      long = "{weeks} weeks for ‘{goal}’, since {from}",
      most = "{pupil} ({count} of {total} goals)",
      most_all = "{pupil} (all {total} goals)",
      more = "and {count} more",
      next = "Look together at whether these pupils now meet the success criteria of their goals, and talk with the pupils about whether extended instruction is still needed.",
      next_one = "Look together at whether this pupil now meets the success criteria of the goal, and talk with the pupil about whether extended instruction is still needed.",
      next_one_goals = "Look together at whether this pupil now meets the success criteria of the goals they are in track 3 for, and talk with the pupil about whether extended instruction is still needed.",
    },
  },
  run = function(ev, ctx, p)
    local titles = {}
    for _, g in ipairs(ctx.goals()) do titles[g.id] = g.title end
    local today = ctx.today()

    -- Two questions for the whole school: its current placements in track 3, and how many
    -- current placements each pupil has per class (a pupil in track 3 for most goals). Only
    -- the pupils in track 3 become tables; the others are counted. A school too large for one
    -- answer (more records than a query may return) is asked class by class.
    local fields = { "ref", "pupil", "pupil_alias", "class", "goal", "from", "track_since", "track_weeks" }
    local current = {}
    local ok, all = pcall(ctx.placements, { current = true, track = 3, fields = fields })
    if ok then
      for _, s in ipairs(all) do
        local list = current[s.class]
        if not list then list = {}; current[s.class] = list end
        list[#list + 1] = s
      end
    else
      for _, class in ipairs(ctx.classes()) do
        current[class.id] = ctx.placements{ class = class.id, current = true, track = 3, fields = fields }
      end
    end
    local goals_of = ctx.count{ of = "placements", by = { "class", "pupil" }, current = true }

    for _, class in ipairs(ctx.classes()) do
      -- A record only for pupils in track 3 for some goal (the others can never be listed).
      local totals, per_pupil, order = goals_of[class.id] or {}, {}, {}
      for _, s in ipairs(current[class.id] or {}) do
        local who = per_pupil[s.pupil]
        if not who then
          who = { track3 = {}, long = {}, alias = s.pupil_alias or s.pupil }
          per_pupil[s.pupil] = who
          order[#order + 1] = s.pupil
        end
        who.track3[#who.track3 + 1] = s
        -- A new placement that confirms track 3 does not reset the clock: track_since is
        -- the start of the unbroken stay.
        local since = s.track_since or s.from
        local weeks = s.track_weeks or (ctx.days(since, today) // 7)
        if weeks > p.weeks then who.long[#who.long + 1] = { placement = s, since = since, weeks = weeks } end
      end
      table.sort(order)

      local listed, evidence, count, goals = {}, {}, 0, 0
      for _, pupil in ipairs(order) do
        local who = per_pupil[pupil]
        who.total = totals[pupil]
        local most = who.total >= p.min_goals and #who.track3 / who.total > p.share
        if most or #who.long > 0 then
          count = count + 1
          goals = most and who.total or #who.long -- the goals of the last pupil counted: one pupil's, when one
          -- Texts only for the pupils named; every pupil's placements are in the evidence.
          local named = #listed < p.listed
          if most then
            -- Track 3 for most goals: the pupil once, not once per goal.
            for _, s in ipairs(who.track3) do evidence[#evidence + 1] = s.ref end
            if named then
              listed[#listed + 1] = ctx.t(#who.track3 == who.total and "most_all" or "most", { pupil = who.alias, count = #who.track3, total = who.total })
            end
          else
            local stays = {}
            for _, long in ipairs(who.long) do
              evidence[#evidence + 1] = long.placement.ref
              local goal = long.placement.goal
              if named then
                stays[#stays + 1] = ctx.t("long", { weeks = long.weeks, goal = titles[goal] or goal, from = ctx.day_text(long.since) })
              end
            end
            if named then listed[#listed + 1] = ctx.t("pupil", { pupil = who.alias, stays = table.concat(stays, "; ") }) end
          end
        end
      end
      if count > 0 then
        local names = table.concat(listed, ", ")
        if count > #listed then names = names .. " " .. ctx.t("more", { count = count - #listed }) end
        local vars = { class = class.name, count = count, pupils = names, weeks = p.weeks }
        table.sort(evidence)
        ctx.prompt{
          to = "coach", class = class.id, key = "track3", priority = 2,
          text = ctx.t(count == 1 and "one" or "many", vars), next_step = ctx.t(count > 1 and "next" or goals > 1 and "next_one_goals" or "next_one", vars), evidence = evidence,
        }
      end
    end
  end,
}
