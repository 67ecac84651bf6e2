-- Persistent track 3: a pupil who stays in track 3 (extended instruction in the "miniklas")
-- for the same goal longer than N weeks, or who is in track 3 for most of their goals.
--
-- Seed 002 (Peter Benoit, 3-sporenbeleid): groups must be "flexibel en tijdelijk" and tied to a
-- learning goal; static low groups lower expectations and are hard to climb out of.
return rule {
  id = "persistent-track3",
  title = { nl = "Blijvend in spoor 3", en = "Persistent track-3 placement" },
  description = "Een leerling die langer dan N weken in spoor 3 zit voor hetzelfde doel, of voor de meeste doelen.",
  seed = "seed 002, Peter Benoit: groepen zijn flexibel en tijdelijk, gekoppeld aan een leerdoel",
  on = { "placement.changed", "week.ended" },
  params = {
    weeks = 6,     -- longer than this in track 3 for one goal is flagged
    share = 0.5,   -- more than this share of a pupil's current goals in track 3 is flagged
    min_goals = 3, -- the share is only looked at from this many current goals
  },
  texts = {
    nl = {
      long = "{pupil} zit al {weeks} weken in spoor 3 voor '{goal}' (sinds {from}).",
      most = "{pupil} zit voor {count} van de {total} doelen in spoor 3.",
      next = "Toets opnieuw aan de succescriteria van '{goal}' en bespreek met {pupil} of verlengde instructie nog nodig is.",
      next_most = "Bekijk met het team en met {pupil} per doel of spoor 3 nog past; groepen zijn tijdelijk.",
    },
    en = {
      long = "{pupil} has been in track 3 for '{goal}' for {weeks} weeks (since {from}).",
      most = "{pupil} is in track 3 for {count} of {total} goals.",
      next = "Reassess against the success criteria of '{goal}' and ask {pupil} whether extended instruction is still needed.",
      next_most = "Review per goal with the team and with {pupil} whether track 3 still fits; groups are temporary.",
    },
  },
  run = function(ev, ctx, p)
    local current
    if ev.kind == "placement.changed" then
      current = ctx.placements{ pupil = ev.pupil, current = true }
    else
      current = ctx.placements{ current = true }
    end

    -- Since when has the pupil been in track 3 for this goal without a break? A new
    -- placement that confirms track 3 does not reset the clock.
    local function track3_since(s)
      local history = ctx.placements{ pupil = s.pupil, goal = s.goal }
      local since = s.from
      for i = #history, 1, -1 do
        local h = history[i]
        if h.id ~= s.id and h.track == 3 and h.to == since then since = h.from end
      end
      return since
    end

    local per_pupil, order = {}, {}
    for _, s in ipairs(current) do
      local who = per_pupil[s.pupil]
      if not who then
        who = { total = 0, track3 = {}, long = {}, alias = s.pupil_alias, class = s.class }
        per_pupil[s.pupil] = who
        order[#order + 1] = s.pupil
      end
      who.total = who.total + 1
      if s.track == 3 then
        who.track3[#who.track3 + 1] = s
        local since = track3_since(s)
        local weeks = ctx.days(since, ctx.today()) // 7
        if weeks > p.weeks then who.long[#who.long + 1] = { placement = s, since = since, weeks = weeks } end
      end
    end
    table.sort(order)

    for _, pupil in ipairs(order) do
      local who = per_pupil[pupil]
      if who.total >= p.min_goals and #who.track3 / who.total > p.share then
        -- Track 3 for most goals: one prompt about the pupil, not one per goal.
        local evidence = {}
        for _, s in ipairs(who.track3) do evidence[#evidence + 1] = s.ref end
        table.sort(evidence)
        local vars = { pupil = who.alias or pupil, count = #who.track3, total = who.total }
        ctx.prompt{
          to = "coach", class = who.class, key = pupil .. "/most", priority = 2,
          text = ctx.t("most", vars), next_step = ctx.t("next_most", vars), evidence = evidence,
        }
      else
        for _, long in ipairs(who.long) do
          local s = long.placement
          local goal = ctx.goal(s.goal)
          local vars = { pupil = who.alias or pupil, weeks = long.weeks, goal = goal and goal.title or s.goal, from = long.since }
          ctx.prompt{
            to = "coach", class = s.class, key = pupil .. "/" .. s.goal, priority = 2,
            text = ctx.t("long", vars), next_step = ctx.t("next", vars), evidence = { s.ref },
          }
        end
      end
    end
  end,
}
