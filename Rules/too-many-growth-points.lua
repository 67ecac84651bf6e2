-- Too many growth points: feedback moments that name more than two growth points at once.
--
-- Seed 000 (toolkit groeigerichte feedback): keep feedback to one or two growth points
-- (groeikansen) at a time.
return rule {
  id = "too-many-growth-points",
  title = { nl = "Te veel groeikansen tegelijk", en = "Too many growth points at once" },
  description = "Feedbackmomenten van deze week met meer dan twee groeikansen tegelijk.",
  seed = "seed 000, toolkit: één of twee groeikansen per keer",
  why = {
    nl = "Eén of twee groeikansen tegelijk kan een leerling aan; bij meer raakt wat echt telt ondergesneeuwd.",
    en = "A pupil can take on one or two growth points at a time; more at once drowns what really matters.",
  },
  source = { nl = "VideoKLuB-kennisdossier ‘Groeigerichte feedback’", en = "VideoKLuB knowledge file ‘Growth-oriented feedback’" },
  on = { "week.ended" },
  params = { max = 2, min_moments = 2 },
  texts = {
    nl = {
      text = "Deze week noemden {count} feedbackmomenten meer dan {max} groeikansen tegelijk (tot {most} per feedbackmoment).",
      text_one = "Deze week noemde één feedbackmoment {most} groeikansen tegelijk (meer dan {max}).",
      next = "Spreek samen af om bij de volgende feedback met de leerling één of twee groeikansen te kiezen die het meest helpen; de rest komt later aan bod.",
    },
    en = {
      text = "This week {count} feedback moments named more than {max} growth points at once (up to {most} per feedback moment).",
      text_one = "This week one feedback moment named {most} growth points at once (more than {max}).",
      next = "Agree together that at the next feedback, teacher and pupil choose the one or two growth points that help most; the rest comes later.",
    },
  },
  run = function(ev, ctx, p)
    for _, teacher in ipairs(ctx.teachers()) do
      local count, most, refs = 0, 0, {}
      for _, f in ipairs(ctx.feedback{ teacher = teacher.id, from = ev.from, to = ev.to, fields = { "ref", "growth_points" } }) do
        if f.growth_points > p.max then
          count = count + 1
          refs[#refs + 1] = f.ref
          if f.growth_points > most then most = f.growth_points end
        end
      end
      if count >= p.min_moments then
        ctx.prompt{
          to = "coach", teacher = teacher.id, key = "too-many-growth-points", priority = 3,
          text = ctx.t(count == 1 and "text_one" or "text", { count = count, max = p.max, most = most }), next_step = ctx.t("next", {}), evidence = refs,
        }
      end
    end
  end,
}
