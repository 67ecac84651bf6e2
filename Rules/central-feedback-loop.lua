-- The feedback loop on the central tests: at most one domain where the school is below
-- similar schools (or falling since the year before), put to the team with its own records.
--
-- Seed 004 (Steunpunt Centrale Toetsen, "Schoolteams samen aan de slag met schoolfeedback"):
-- results of the Vlaamse toetsen are one reliable source among others; good information does
-- not lead to good decisions by itself. What helps: shared goals and responsibility, several
-- perspectives before an interpretation (against tunnel vision), and actions across subjects
-- (reading comprehension and problem solving matter in every subject).
--
-- A prompt for the team: it names no teacher and no class. It comes once per domain and year
-- (its evidence is the central results; the engine leaves out a repeat).
-- Which goals bear on a domain: words of their subject or title. A domain not listed here is
-- matched on its own words.
local domains = {
  ["begrijpend lezen"] = { "lezen" },
  ["lezen"] = { "lezen" },
  ["wiskunde"] = { "wiskunde", "rekenen" },
  ["wiskunde probleemoplossen"] = { "wiskunde", "rekenen", "probleem" },
}

return rule {
  id = "central-feedback-loop",
  title = { nl = "Vlaamse toetsen: de feedbackloop", en = "Central tests: the feedback loop" },
  description = "Eén domein van de Vlaamse toetsen waarin de school lager scoort dan vergelijkbare scholen of achteruitgaat, voorgelegd aan het team samen met de eigen gegevens.",
  seed = "seed 004, Steunpunt Centrale Toetsen: schoolteams samen aan de slag met schoolfeedback",
  why = {
    nl = "De Vlaamse toetsen zijn één betrouwbare bron naast andere, geen oordeel: ze helpen pas als het team eerst verschillende perspectieven naast elkaar legt om tunnelvisie te vermijden, samen een doel kiest en vakoverschrijdende acties afspreekt.",
    en = "The central tests are one reliable source among others, not a verdict: they help only when the team first sets several perspectives side by side to avoid tunnel vision, chooses a goal together and agrees on actions across subjects.",
  },
  source = { nl = "Steunpunt Centrale Toetsen in Onderwijs, ‘Schoolteams samen aan de slag met schoolfeedback’",
             en = "Steunpunt Centrale Toetsen in Onderwijs, ‘School teams working with school feedback’" },
  on = { "week.ended" },
  params = {
    margin = 2,   -- this many points below similar schools is worth the team's time
    falling = 3,  -- or this many points below the same grade's result the year before
    weeks = 6,    -- the school's own records of the last weeks that bear on the domain
    small_group = 3, -- counts over fewer teachers (feedback) or pupils (placements) are not shown
  },
  texts = {
    nl = {
      text = "Vlaamse toetsen {year}, leerjaar {grade}, ‘{domain}’: de school haalt {school}{trend}, vergelijkbare scholen {similar}, heel Vlaanderen {flemish}. {own}",
      trend = " (in {year} nog {score})",
      own = "Eigen gegevens over dit domein: de doelen {goals}, met {feedback} de voorbije {weeks} weken en {placements} op dit moment.",
      own_one = "Eigen gegevens over dit domein: het doel {goals}, met {feedback} de voorbije {weeks} weken en {placements} op dit moment.",
      feedback_one = "1 feedbackmoment", feedback_many = "{count} feedbackmomenten",
      placements_one = "1 spoorindeling", placements_many = "{count} spoorindelingen",
      feedback_none = "nog geen feedbackmomenten", placements_none = "nog geen spoorindelingen",
      feedback_few = "feedbackmomenten van minder dan {k} leerkrachten (aantal niet getoond)",
      placements_few = "spoorindelingen van minder dan {k} leerlingen (aantal niet getoond)",
      own_none = "Er staan nog geen doelen voor dit domein in coach; voeg ze toe, dan kunnen jullie de eigen gegevens naast de resultaten leggen.",
      next = "Laat eerst collega's uit verschillende {classes_word} en vakken en het zorgteam elk hun kijk op de resultaten geven, vooraleer jullie een verklaring kiezen. Kies dan samen één gedeeld doel voor ‘{domain}’, leg de eigen gegevens ernaast en spreek acties af die in meerdere vakken terugkomen.",
    },
    en = {
      text = "Central tests {year}, grade {grade}, ‘{domain}’: the school scores {school}{trend}, similar schools {similar}, all of Flanders {flemish}. {own}",
      trend = " ({score} in {year})",
      own = "The school's own records on this domain: the goals {goals}, with {feedback} in the last {weeks} weeks and {placements} now.",
      own_one = "The school's own records on this domain: the goal {goals}, with {feedback} in the last {weeks} weeks and {placements} now.",
      feedback_one = "1 feedback moment", feedback_many = "{count} feedback moments",
      placements_one = "1 track placement", placements_many = "{count} track placements",
      feedback_none = "no feedback moments yet", placements_none = "no track placements yet",
      feedback_few = "feedback moments of fewer than {k} teachers (number not shown)",
      placements_few = "track placements of fewer than {k} pupils (number not shown)",
      own_none = "No goals for this domain are in coach yet; record them to put the school's own data beside the results.",
      next = "First let colleagues from different classes and subjects and the pupil care team each give their view of the results, before you settle on an explanation. Then choose one shared goal for ‘{domain}’ together, put the school's own records beside it and agree on actions that come back in several subjects.",
    },
  },
  run = function(ev, ctx, p)
    local results = ctx.central_results{}
    if #results == 0 then return end
    local nl = ctx.school().language == "nl"
    local function number(x)
      local text = string.format("%.1f", x):gsub("%.0$", "")
      if nl then text = text:gsub("%.", ",") end
      return text
    end

    -- The newest result per grade and domain, with the one of the year before.
    local latest, order = {}, {}
    for _, r in ipairs(results) do
      local key = r.grade .. "\1" .. r.domain
      if not latest[key] then order[#order + 1] = key end
      latest[key] = { now = r, before = latest[key] and latest[key].now }
    end

    -- At most one domain: the largest gap below similar schools, or the largest fall.
    local chosen, weight = nil, 0
    for _, key in ipairs(order) do
      local l = latest[key]
      local gap = l.now.similar - l.now.school
      local fall = l.before and l.before.year == l.now.year - 1 and (l.before.school - l.now.school) or 0
      local w = math.max(gap >= p.margin and gap or 0, fall >= p.falling and fall or 0)
      if w > weight or (w == weight and w > 0 and chosen and key < chosen.key) then chosen, weight = { key = key, l = l, fall = fall }, w end
    end
    if not chosen then return end
    local now, before = chosen.l.now, chosen.l.before

    -- The school's own goals on the domain, and what happened on them lately.
    local words = domains[now.domain] or {}
    if #words == 0 then for w in now.domain:gmatch("%S+") do words[#words + 1] = w end end
    local goals, titles = {}, {}
    for _, g in ipairs(ctx.goals()) do
      local about = ((g.subject or "") .. " " .. g.title):lower()
      for _, w in ipairs(words) do
        if about:find(w:lower(), 1, true) then goals[g.id] = true; titles[#titles + 1] = "‘" .. g.title .. "’"; break end
      end
    end
    local own
    if #titles == 0 then
      own = ctx.t("own_none", {})
    else
      local from = ctx.add_days(ev.to, -7 * p.weeks + 1)
      local feedback, placements = 0, 0
      local teachers, pupils, nteachers, npupils = {}, {}, 0, 0
      -- Counts for the whole school, by goal: the records themselves are never shown.
      local given = ctx.count{ of = "feedback", by = { "goal", "teacher" }, from = from, to = ev.to }
      for goal, by_teacher in pairs(given) do
        if goals[goal] then
          for teacher, n in pairs(by_teacher) do
            feedback = feedback + n
            if not teachers[teacher] then teachers[teacher] = true; nteachers = nteachers + 1 end
          end
        end
      end
      local placed = ctx.count{ of = "placements", by = { "goal", "pupil" }, current = true }
      for goal, by_pupil in pairs(placed) do
        if goals[goal] then
          for pupil, n in pairs(by_pupil) do
            placements = placements + n
            if not pupils[pupil] then pupils[pupil] = true; npupils = npupils + 1 end
          end
        end
      end
      -- A prompt for the team never points at one teacher: a count over a handful of teachers
      -- (or pupils) would, so it is not shown.
      local function counted(key, n, over)
        local k = math.max(2, p.small_group) -- never below 2, as the digest's own smallGroup
        if n > 0 and over < k then return ctx.t(key .. "_few", { k = k }) end
        return ctx.t(key .. (n == 0 and "_none" or n == 1 and "_one" or "_many"), { count = n })
      end
      own = ctx.t(#titles == 1 and "own_one" or "own", { goals = table.concat(titles, ", "), feedback = counted("feedback", feedback, nteachers),
                           placements = counted("placements", placements, npupils), weeks = p.weeks })
    end

    local trend = ""
    if before and chosen.fall >= p.falling then trend = ctx.t("trend", { year = before.year, score = number(before.school) }) end
    local evidence = { now.ref }
    if before then evidence[#evidence + 1] = before.ref end
    table.sort(evidence)
    local vars = { year = now.year, grade = now.grade, domain = now.domain, school = number(now.school),
                   similar = number(now.similar), flemish = number(now.flemish), trend = trend, own = own }
    ctx.prompt{
      to = "team", key = "central/" .. now.domain .. "/" .. now.year, priority = 2,
      text = ctx.t("text", vars), next_step = ctx.t("next", vars), evidence = evidence,
    }
  end,
}
