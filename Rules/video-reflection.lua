-- Video reflection: after a coach and a teacher looked at a lesson fragment through the Campus
-- Fenix kijkwijzer (feedback that builds self-regulation, ✓/✗ per item), the items not seen
-- become one prompt for the coach: what was missing in the fragment, and the kijkwijzer's own
-- reflection question to talk it through with the teacher.
--
-- Seed 000 (VideoKLuB, Campus Fenix: the kijkwijzer supports self-reflection and joint
-- discussion of lesson fragments, guided by a coach).
return rule {
  id = "video-reflection",
  title = { nl = "Videoreflectie op feedback", en = "Video reflection on feedback" },
  description = "Na een videoreflectie met de Campus Fenix-kijkwijzer: de kijkpunten die in het fragment niet te zien waren, met de reflectievraag erbij.",
  seed = "seed 000, Campus Fenix: kijkwijzer voor videoreflectie, slotreflectie",
  why = {
    nl = "Samen een lesfragment bekijken en bij één ontbrekend kijkpunt stilstaan, maakt feedback die zelfregulatie stimuleert concreet voor de volgende les.",
    en = "Looking at a lesson fragment together and pausing at one missing item makes feedback that builds self-regulation concrete for the next lesson.",
  },
  source = { nl = "VideoKLuB-kennisdossier ‘Groeigerichte feedback’, kijkwijzer Campus Fenix",
             en = "VideoKLuB knowledge file ‘Growth-oriented feedback’, Campus Fenix kijkwijzer" },
  on = { "observation.recorded" },
  params = { kijkwijzer = "campus-fenix-feedback-zelfregulatie", listed = 3 },
  texts = {
    nl = {
      one = "Bij de videoreflectie van {date}{fragment} was dit kijkpunt niet te zien: {items}.",
      many = "Bij de videoreflectie van {date}{fragment} waren {count} kijkpunten niet te zien: {items}.",
      fragment = " (fragment {from}–{to})",
      more = "en nog {count}",
      next = "Bekijk het fragment samen opnieuw en sta stil bij de reflectievraag uit de kijkwijzer: ‘{question}’",
      next_plain = "Bekijk het fragment samen opnieuw en kies één kijkpunt voor de volgende les.",
    },
    en = {
      one = "At the video reflection of {date}{fragment} this item could not be seen: {items}.",
      many = "At the video reflection of {date}{fragment} {count} items could not be seen: {items}.",
      fragment = " (fragment {from}–{to})",
      more = "and {count} more",
      next = "Watch the fragment again together and dwell on the kijkwijzer's reflection question: ‘{question}’",
      next_plain = "Watch the fragment again together and choose one item for the next lesson.",
    },
  },
  run = function(ev, ctx, p)
    if ev.instrument ~= p.kijkwijzer then return end
    local instrument = ctx.instrument(ev.instrument, ev.version)
    local observation
    for _, o in ipairs(ctx.observations{ teacher = ev.teacher, from = ev.date, to = ev.date }) do
      if o.id == ev.id then observation = o end
    end
    if not observation or not instrument then return end

    -- The items marked ✗, in the kijkwijzer's order.
    local missing = {}
    for _, section in ipairs(instrument.sections) do
      for _, item in ipairs(section.items) do
        if observation.scores[item.key] == 0 then missing[#missing + 1] = item end
      end
    end
    if #missing == 0 then return end

    local function clock(seconds)
      seconds = math.floor(seconds)
      return string.format("%d:%02d", seconds // 60, seconds % 60)
    end
    local names = {}
    for i, item in ipairs(missing) do
      -- The item's own full stop stays out: the sentence ends after the list.
      if i <= p.listed then names[#names + 1] = item.key .. " ‘" .. item.text:gsub("%.$", "") .. "’" end
    end
    local items = table.concat(names, "; ")
    if #missing > p.listed then items = items .. " " .. ctx.t("more", { count = #missing - p.listed }) end
    local video = observation.video
    local vars = {
      date = ctx.day_text(observation.date), count = #missing, items = items,
      fragment = video and ctx.t("fragment", { from = clock(video.start), to = clock(video["end"]) }) or "",
    }
    -- One reflection question: the first missing item's, from the kijkwijzer itself.
    local question = missing[1].reflection_question
    ctx.prompt{
      to = "coach", teacher = ev.teacher, key = "video/" .. observation.id, priority = 2,
      text = ctx.t(#missing == 1 and "one" or "many", vars),
      next_step = question and ctx.t("next", { question = question }) or ctx.t("next_plain", {}),
      evidence = { observation.ref },
    }
  end,
}
