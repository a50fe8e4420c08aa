"""Starter content: the trigger point articles and tables, the pain finder, services and areas.

The text is written for an Ontario RMT practice, so it follows the CMTO advertising rules: no
testimonials, no superlatives, no claims that cannot be verified. Everything lives in this file
so that the migration keeps working whatever later happens to the app's code.
"""

from datetime import datetime, timezone
from textwrap import dedent

from django.db import migrations

PUBLISHED_AT = datetime(2026, 11, 1, 14, 0, tzinfo=timezone.utc)

MAIN_SLUG = "myofascial-release-trigger-points"
REFERRED_PAIN_SLUG = "common-referred-pain"
COMPARISON_SLUG = "trigger-point-vs-soreness"


def md(text):
    return dedent(text).strip() + "\n"


def paragraphs(*paras):
    """FAQ answers are plain text whose newlines become breaks, so each paragraph is one line."""
    return "\n\n".join(paras)


MAIN_BODY = md(
    """
    You press on a tight spot near your shoulder and feel it somewhere else entirely: up the
    side of your neck, or behind one eye. That small, tender spot is probably a myofascial
    trigger point, and trigger points can be the hidden source of aches that seem to have
    nothing to do with them.

    This guide explains what trigger points are, how they form, why they send pain elsewhere
    and what myofascial release does about them. Myofascial release is one of the treatments
    Taylor, a Registered Massage Therapist who visits clients in their own homes, offers.

    ## Fascia: the web around every muscle

    Fascia is connective tissue. It wraps each muscle and each bundle of fibres inside it, and
    it carries on to surround bones, nerves and organs, so your whole body is held together by
    one continuous web. If you have ever peeled the thin, silvery film off a cut of meat, you
    have seen fascia.

    Healthy fascia is pliable, and its layers slide over one another as you move. Hours in the
    same posture, a movement repeated day after day, an old injury or a stressful stretch of
    life can all leave it tighter and less willing to slide. You may notice this as stiffness,
    or as a joint that no longer moves as far as it used to.

    ## What a trigger point is

    Within a tight band of muscle, a small patch of fibres can become stuck in a shortened,
    contracted state and stay that way. That patch is a trigger point. Under the fingers it
    usually feels like a firm little nodule, the "knot" people talk about, and pressing on it
    is tender, sometimes surprisingly so.

    ### How one forms

    Fibres that stay contracted squeeze the tiny blood vessels running between them. Less blood
    gets through, so the tissue receives less oxygen and fewer nutrients, and the by-products
    of its own work are cleared away more slowly. Those by-products irritate the area, the
    irritation keeps the fibres tight, and the tightness keeps blood flow low. Left alone, this
    loop can keep a trigger point going for months or even years.

    When ongoing pain comes from trigger points, it is called myofascial pain syndrome. It is a
    common reason people look for help with muscle pain.

    ## Referred pain: when it hurts somewhere else

    Many trigger points cause referred pain, which means you feel the pain some distance from
    the knot itself. A trigger point at the top of your shoulder may show up as a headache at
    your temple. One on the outer side of your hip may ache down your thigh in a way that is
    easy to mistake for sciatica.

    Part of the explanation is the fascial web: tension in one spot can pull on tissue well
    away from it. The way nerves from different parts of the body share pathways is also
    thought to play a part, and researchers are still working out the details.

    This is why rubbing only the place that hurts often brings short-lived relief. The source
    may be somewhere else. Fortunately, the areas that common trigger points refer to tend to
    be predictable, which tells a therapist where to look.

    ## Trigger point pain or ordinary soreness?

    Not every ache is a trigger point. Muscles that are simply sore after hard use behave
    differently, and the comparison below can help you tell which one you are dealing with.

    [[table:trigger-point-vs-soreness]]

    If your pain keeps spreading or getting worse, or it comes with numbness, weakness, fever,
    or a recent fall or accident, see your doctor before booking a massage.

    ## How myofascial release works

    Myofascial release asks a trigger point to let go rather than trying to force it. Taylor
    finds the knot and leans into it with slow, steady pressure, then holds that pressure while
    the tissue responds. It is patient, focused work rather than brute strength, and it is
    thought to help in several ways at once.

    ### Lengthening the tissue

    Steady pressure encourages the shortened fibres, and the fascia wrapped around them, to
    lengthen bit by bit. Think of working a tangle out of a fine necklace chain: pulling hard
    only tightens it, while gentle, even tension lets it loosen.

    ### Letting blood back in

    As the knot softens, the small vessels it was squeezing open up again. Blood can bring
    oxygen and nutrients back into the area and carry waste away, which takes fuel away from
    the loop that was keeping the fibres contracted.

    ### Settling the nervous system

    Muscles around a painful spot often tighten to protect it. Calm, sustained pressure can
    signal to your nervous system that it no longer needs to guard the area, and the pain
    signals coming from it often quieten down.

    ### The integrated trigger point hypothesis

    One widely discussed explanation of how trigger points begin is the integrated trigger
    point hypothesis. It proposes that the trouble starts where a nerve meets a muscle fibre:
    too much of the chemical messenger released at that junction keeps the fibre contracting,
    and that sets off the shortage of blood flow and the build-up of irritating by-products
    described above. Research into the exact mechanism continues, but the idea helps explain
    why steady, well-placed pressure can interrupt the cycle.

    ### More focused than general massage

    Deep tissue massage works firmly across a whole muscle group to ease general tightness.
    Myofascial release spends its time on the particular spots that feed a pattern of pain.
    Taylor often combines the two in one treatment.

    ## Common trigger points and where they send pain

    Some muscles are especially prone to trigger points, and each tends to refer pain to much
    the same places from one person to the next.

    ### Neck and upper back

    Long days at a desk, a laptop on the couch and time spent looking down at a phone all load
    the neck and upper back.

    - **Upper trapezius.** This broad muscle runs across the top of your shoulders and up the
      back of your neck. Its trigger points are a frequent source of tension headaches that
      feel like a tight band around the head and often settle at the temple or behind one eye.
      They can also bring a deep ache between your shoulder blades.
    - **Levator scapulae.** This muscle runs from the upper inner corner of your shoulder
      blade to the side of your neck. Holding a phone between your ear and shoulder, or
      sleeping with your head twisted, can irritate it. It usually produces a sharp, nagging
      ache at the base of the neck, right where the neck meets the shoulder.
    - **Infraspinatus.** This muscle covers much of the back of your shoulder blade. A
      trigger point here can feel like a deep, burning ache at the front of the shoulder that
      travels down the arm and sometimes into the hand.

    ### Low back and hips

    Trigger points in this region can imitate other problems, which is one reason low back pain
    can be hard to pin down.

    - **Quadratus lumborum.** Often shortened to QL, this deep muscle joins your lowest rib to
      the top of your pelvis. Knots here can cause a strong, deep ache across the low back that
      makes it hard to straighten up after sitting, and the pain can spread to the hip, groin
      and buttock.
    - **Gluteus medius.** This muscle sits on the outer side of your hip. Its trigger points
      tend to ache across the low back and buttock and down the side or back of the thigh,
      which can feel a lot like sciatica or hip bursitis.

    The table below sums these patterns up. If you would rather start from where it hurts, try
    the [pain finder](/trigger-points/).

    [[table:common-referred-pain]]

    These patterns are common, but they are not a diagnosis. Pain that travels down the leg,
    for example, can also come from an irritated nerve. If what Taylor finds points that way, he
    will suggest that you see your doctor.

    ## What a session involves

    A first appointment starts with a conversation about your pain and your health, followed by
    a hands-on assessment to find the tight bands and knots involved. Pressure on each point is
    held for anywhere from about thirty seconds to a few minutes, and you stay in charge of how
    strong it feels. [Your first myofascial release session](/learn/first-myofascial-release-session/)
    walks through a visit step by step, and
    [Self-care between visits](/learn/self-care-between-visits/) shows how to look after
    trigger points at home.
    """
)

FIRST_SESSION_BODY = md(
    """
    Trying a new kind of treatment is easier when you know what is coming. Here is how a
    myofascial release appointment with Taylor usually goes, from the moment he arrives at
    your door.

    ## Before Taylor arrives

    Clear a space of about 2 m by 3 m: enough for the massage table and for Taylor to walk
    around it. He brings the table, clean linens and everything else he needs. A quiet room at
    a comfortable temperature will help you relax.

    You only undress to the level you are comfortable with. During the treatment you are
    covered by a sheet, and only the area being worked on is uncovered.

    ## A conversation first

    The treatment does not start on the table. Taylor begins by asking about your pain: where
    you feel it, when it started, and what makes it better or worse. He will go over your
    health history, including medications, past injuries and any conditions he should know
    about, and explain what he plans to do and why.

    You can ask questions at any point, and you can say no to any part of the treatment, at
    the start or partway through.

    ## Finding the trigger points

    Next comes palpation. Taylor uses his hands to feel through the muscles that might be
    involved, looking for tight bands and the small, tender spots within them. Because trigger
    points often refer pain elsewhere, he may check muscles some distance from where you hurt,
    such as the top of your shoulder when your main complaint is headaches.

    ## The pressure

    Myofascial release looks quite different from the long, flowing strokes of a Swedish
    massage. Once a trigger point is found, Taylor presses into it slowly with a fingertip,
    knuckle or elbow and keeps the pressure steady while the tissue eases. Each hold usually
    lasts somewhere between thirty seconds and several minutes.

    You will likely feel a strong, focused sensation right on the spot. Many people describe it
    as a "good hurt": intense, but in a way that feels as if something is changing. It should
    never turn sharp, and it should never be more than you can breathe through calmly.

    ## Your feedback guides the work

    Taylor checks in with you throughout and may ask you to rate the intensity on a scale from
    1 to 10. Your number tells him whether to ease off, hold where he is or go a little deeper,
    so the pressure stays in a range your body can respond to.

    You do not have to wait to be asked. Speak up whenever something feels like too much, when
    you are cold, or when you would like more time spent on an area.

    ## After the session

    Feeling a little tender the next day is normal, much as you might after a workout, and it
    usually settles within a day or two. Gentle movement and a warm shower can help you feel
    more comfortable.

    Before he packs up, Taylor will talk with you about what he found, suggest a plan and, where
    it fits, show you a stretch or self-care technique.
    [Self-care between visits](/learn/self-care-between-visits/) has a few you can start with.

    If soreness is strong or lasts more than a couple of days, or you notice anything unusual
    such as numbness, let Taylor know and check with your doctor.
    """
)

SELF_CARE_BODY = md(
    """
    What you do between appointments matters. A few minutes of gentle pressure on your own
    tight spots can help you stay comfortable for longer and calm a flare-up before it builds.
    You do not need special equipment: a tennis ball is enough to start, and a foam roller is
    useful if you already have one.

    Aim for firm pressure that feels tender but productive, the same "good hurt" you may know
    from treatment, and never a sharp or burning pain. Think of it as working with your
    muscles, not wrestling them.

    ## Shoulders and upper back: a tennis ball against a wall

    This one reaches the area between your shoulder blades, which often tightens up after long
    hours of sitting.

    1. **Set up.** Stand with your back to a wall, feet about shoulder-width apart and a short
       step away from it. Place the ball between the wall and your upper back, beside your
       spine and along the inner edge of your shoulder blade.
    2. **Find a spot.** Lean back into the ball until you feel firm but comfortable pressure.
       Bend and straighten your knees, or shift from side to side, to roll the ball slowly until
       it lands on a tender point.
    3. **Hold.** Stay on that spot and breathe slowly, letting the muscle soften around the
       ball. Hold for 30 to 60 seconds, or until you feel the tenderness start to fade, then
       move on.

    Keep the ball off your spine itself and off the bony ridge that runs across the top of your
    shoulder blade.

    ## Glutes and hips: on a chair or the floor

    Trigger points in the buttock muscles can send pain into the low back or down the leg, in
    a way that can resemble sciatica. Use a sturdy chair, or lie on the floor, whichever feels
    steadier.

    - **Find the spot.** Place the ball under one buttock and shift your weight slowly until
      you find a tender point.
    - **Let your weight do the work.** Relax onto the ball and breathe. Hold for 30 to 60
      seconds, then roll off gently and try the other side.

    ## Stop if you feel this

    Stop straight away if you feel a sharp or shooting pain, or any numbness or tingling.
    Self-care should ease discomfort, never add to it.

    ## Places to leave alone

    Some areas are not safe for this kind of pressure. Avoid:

    - the front of your neck and your throat
    - directly over your spine, or over joints such as your knees and elbows
    - an open wound, a recent injury, or anywhere that is swollen, hot or inflamed
    - areas where you have a known nerve problem, or where blood vessels run close to the
      surface, such as behind the knee, the inside of the upper arm and the front of the hip

    If you are pregnant, take blood thinners or have a condition such as osteoporosis, ask
    Taylor or your doctor before trying these.

    ## A complement, not a replacement

    These techniques support your treatment; they do not stand in for it. If a spot will not
    ease, or keeps coming back, mention it at your next appointment so Taylor can look at what
    may be feeding it. He can also tell you which of these techniques suit you best.

    For more on what trigger points are and why they refer pain, read
    [Myofascial release and trigger points](/learn/myofascial-release-trigger-points/).
    """
)

ARTICLES = [
    {
        "slug": MAIN_SLUG,
        "title": "Myofascial release and trigger points",
        "summary": (
            "What trigger points are, why they can send pain to other parts of your body, and "
            "how slow, sustained pressure during myofascial release helps a tight spot let go."
        ),
        "body": MAIN_BODY,
        "position": 1,
    },
    {
        "slug": "first-myofascial-release-session",
        "title": "Your first myofascial release session",
        "summary": (
            "What happens when Taylor comes to your home for myofascial release: the "
            "conversation, the hands-on assessment, sustained pressure on trigger points, and "
            "how you guide the pressure on a scale from 1 to 10."
        ),
        "body": FIRST_SESSION_BODY,
        "position": 2,
    },
    {
        "slug": "self-care-between-visits",
        "title": "Self-care between visits",
        "summary": (
            "Gentle ways to ease trigger points at home with a tennis ball, how long to hold "
            "the pressure, and the places and warning signs that mean you should stop."
        ),
        "body": SELF_CARE_BODY,
        "position": 3,
    },
]

PAIN_AREAS = [
    ("Temple", "temple"),
    ("Back of the eye", "back-of-the-eye"),
    ("Side of the neck", "side-of-the-neck"),
    ("Base of the neck", "base-of-the-neck"),
    ("Between the shoulder blades", "between-the-shoulder-blades"),
    ("Front of the shoulder", "front-of-the-shoulder"),
    ("Arm and hand", "arm-and-hand"),
    ("Low back", "low-back"),
    ("Hip", "hip"),
    ("Groin", "groin"),
    ("Buttock", "buttock"),
    ("Thigh", "thigh"),
]

REFERRED_PAIN_TABLE = {
    "slug": REFERRED_PAIN_SLUG,
    "caption": "Common trigger points and where they refer pain",
}

# (muscle, sensation, pain area slugs, body region)
REFERRED_PAIN_ROWS = [
    (
        "Upper trapezius",
        "Tension and tightness, often a headache like a band around the head",
        ["temple", "back-of-the-eye", "side-of-the-neck", "between-the-shoulder-blades"],
        "head-neck",
    ),
    (
        "Levator scapulae",
        "A sharp, nagging ache where the neck meets the shoulder",
        ["base-of-the-neck"],
        "head-neck",
    ),
    (
        "Infraspinatus (shoulder blade)",
        "A deep, burning ache that can travel down the arm",
        ["front-of-the-shoulder", "arm-and-hand"],
        "upper-back-shoulder",
    ),
    (
        "Quadratus lumborum",
        "A strong, deep ache, often worst when straightening up after sitting",
        ["low-back", "hip", "groin", "buttock"],
        "low-back-hip",
    ),
    (
        "Gluteus medius",
        "A deep ache and soreness, sometimes down the side or back of the thigh",
        ["low-back", "buttock", "thigh"],
        "low-back-hip",
    ),
]

COMPARISON_TABLE = {
    "slug": COMPARISON_SLUG,
    "caption": "Trigger point pain or general muscle soreness?",
    "first_heading": "Trigger point pain",
    "second_heading": "General muscle soreness",
}

# (characteristic, trigger point pain, general muscle soreness)
COMPARISON_ROWS = [
    (
        "Sensation",
        "A sharp, intense pain or a deep ache focused on one spot.",
        "A dull ache spread across a whole muscle or group of muscles.",
    ),
    (
        "Location",
        "A small, firm knot you can often feel under the skin, about the size of a pea.",
        "The whole muscle feels tender, tired and heavy.",
    ),
    (
        "Pain pattern",
        "Often sends pain to other areas of the body, in patterns that tend to be predictable.",
        "Stays in the muscles you worked.",
    ),
    (
        "Onset",
        "Can come on suddenly, or build gradually from ongoing strain or posture.",
        "Usually starts 12 to 48 hours after hard or unfamiliar exercise.",
    ),
]

# (question, answer) for the main article.
FAQS = [
    (
        "How is myofascial release different from deep tissue massage?",
        paragraphs(
            "Both reach the deeper layers of muscle, but they go about it differently. Deep "
            "tissue massage uses firm, broad strokes to work through tightness across a whole "
            "muscle group, and it suits that general feeling of stiffness and soreness.",
            "Myofascial release is more specific. It finds an individual trigger point and "
            "holds slow, steady pressure on it until the tight spot starts to let go. Taylor "
            "often uses both in the same treatment, depending on what he finds.",
        ),
    ),
    (
        "Will myofascial release hurt?",
        paragraphs(
            "You will feel it. Pressure on a trigger point usually brings a strong, focused "
            "sensation, and many people describe it as a \"good hurt\": uncomfortable, but in "
            "a way that feels productive.",
            "It should never be excruciating, and it should never cause sharp pain that shoots "
            "elsewhere. Taylor checks in with you often and adjusts the pressure, and you can "
            "ask him to ease off at any time. Treatment is not a test of how much you can take.",
            "Feeling a little sore the next day is normal, similar to how you might feel after "
            "exercise. If the soreness lasts more than a couple of days, tell Taylor so he can "
            "adjust the next treatment.",
        ),
    ),
    (
        "How many sessions will I need?",
        paragraphs(
            "It depends on you: how long you have had the pain, what seems to be behind it and "
            "what your days involve. A recent problem sometimes eases noticeably after one or "
            "two visits. Pain that has built up over months or years usually takes a series of "
            "treatments, along with some work at home.",
            "No one can promise a number in advance. After your first assessment, Taylor will "
            "suggest a plan and talk it through with you, and you can review it together as you "
            "go. The aim is for you to need less treatment over time, not more.",
        ),
    ),
    (
        "Who might benefit from myofascial release?",
        paragraphs(
            "Many people with ongoing muscle pain, stiffness or a feeling that their movement "
            "is restricted find it worth trying.",
            "If you work at a desk or computer, it may help with the tension that builds in "
            "your neck, shoulders and upper back. If you train, play sport or do physical work, "
            "it may help keep tight areas moving freely. If you live with fibromyalgia, tension "
            "headaches or TMJ (jaw joint) dysfunction, easing muscle tension may help with some "
            "of your symptoms. And if your pain seems to travel, such as a headache that starts "
            "at your shoulder, looking for the trigger point behind it is exactly what this "
            "approach is for.",
            "It is not a cure for any condition, and it is not right for everyone. Taylor will "
            "ask about your health at your first visit and tell you if another kind of care "
            "would suit you better.",
        ),
    ),
    (
        "Is myofascial release the same as trigger point release?",
        paragraphs(
            "The two overlap, and you will often see the terms used together. Trigger point "
            "release focuses on individual knots, holding pressure on each one until it eases. "
            "Myofascial release is the broader term: it also includes slow, sustained stretching "
            "of the fascia over a wider area.",
            "In practice, Taylor often uses both in one treatment, choosing whichever suits the "
            "tissue in front of him.",
        ),
    ),
    (
        "What do I need to prepare for a home visit?",
        paragraphs(
            "Very little. Taylor brings a portable massage table, clean linens and everything "
            "else he needs. You only need a clear space of about 2 m by 3 m, so there is room "
            "for the table and for him to move around it. A living room or bedroom usually "
            "works well.",
            "A quiet room at a comfortable temperature helps, and so does settling pets in "
            "another room. If your building has a buzzer code or your street has parking rules, "
            "add a note when you book.",
        ),
    ),
    (
        "Can I get a receipt for my insurance?",
        paragraphs(
            "Massage therapy from a Registered Massage Therapist is receipted, and many "
            "extended health plans cover some or all of it. Plans differ in what they cover and "
            "how much, so check with your provider before your appointment.",
            "Energy healing is different: it is not massage therapy and is not receipted as "
            "massage therapy.",
        ),
    ),
]

SERVICES = [
    {
        "name": "Swedish massage",
        "slug": "swedish-massage",
        "summary": (
            "A relaxing massage with long, flowing strokes and gentle kneading, at the pressure "
            "you choose, on Taylor's own table in your home."
        ),
        "description": md(
            """
            Swedish massage uses long, gliding strokes, kneading, gentle friction and rhythmic
            movements, usually with oil or lotion. Pressure can range from light to firm, and
            you decide where it sits.

            ## Who might consider it

            It suits anyone who would like to unwind, ease general muscle tension or try
            massage therapy for the first time. Many people book it regularly as one way of
            looking after themselves through busy or stressful periods.

            ## At your home

            Taylor sets up his table in a space of about 2 m by 3 m and brings clean linens
            with him. You are covered by a sheet throughout, with only the area being worked
            on uncovered. When the treatment ends you are already home, with no drive ahead of
            you. Let Taylor know about any allergies or scent sensitivities when you book.
            """
        ),
        "is_massage_therapy": True,
    },
    {
        "name": "Cupping therapy",
        "slug": "cupping-therapy",
        "summary": (
            "Cups that create gentle suction to lift the skin and the tissue beneath it, often "
            "combined with hands-on massage in the same treatment at your home."
        ),
        "description": md(
            """
            Cupping uses cups that create suction on the skin. Rather than pressing down into
            the tissue, the suction lifts it. The cups may stay in one place for a few minutes
            or be glided slowly across oiled skin.

            ## Who might consider it

            People with tight, stubborn areas in the back, shoulders or legs sometimes like to
            add cupping to their massage. Taylor usually combines it with hands-on techniques
            rather than using it on its own.

            ## Good to know

            Cupping often leaves round, reddish or purple marks. They are usually painless and
            fade over several days, so plan around any event where they would show. Cupping is
            not used over broken or fragile skin and may not suit people taking blood thinners;
            Taylor will go through this with you when he takes your health history.
            """
        ),
        "is_massage_therapy": True,
    },
    {
        "name": "Deep tissue massage",
        "slug": "deep-tissue-massage",
        "summary": (
            "Slower strokes and firmer, sustained pressure to work through tightness in the "
            "deeper layers of muscle, adjusted as you go so it stays comfortable."
        ),
        "description": md(
            """
            Deep tissue massage uses slow strokes and firm, sustained pressure to reach the
            deeper layers of muscle and the fascia around them. It works across whole muscle
            groups to ease tightness that has built up over time.

            ## Who might consider it

            It may suit people with long-standing tension, stiffness from physical work or
            training, or areas that always seem to feel tight. Firm does not have to mean
            painful: you should feel pressure, sometimes intense, but not sharp pain, and you
            can ask Taylor to ease off at any time.

            ## At your home

            Each treatment starts with a short conversation about where you feel tight and what
            you would like from the session. It is common to feel a little tender the next day;
            being at home means you can rest or take a warm shower straight afterwards.
            """
        ),
        "is_massage_therapy": True,
    },
    {
        "name": "Rehabilitation massage",
        "slug": "rehabilitation-massage",
        "summary": (
            "Massage therapy planned around recovery from an injury, surgery or a long-standing "
            "problem, with treatment and home exercises chosen for the stage you are at."
        ),
        "description": md(
            """
            Rehabilitation massage is treatment planned around recovery: from a sprain or
            strain, a sports or workplace injury, a car accident, or surgery once your surgeon
            or doctor agrees that massage is appropriate. Taylor combines massage techniques,
            gentle joint movement and stretching, and adjusts them as you progress.

            ## Who might consider it

            Anyone working back from an injury, or living with a problem that limits how they
            move. It can sit alongside care from your physician, physiotherapist or other
            health professionals.

            ## At your home

            When an injury makes getting around difficult, treatment at home saves the trip.
            Your first visit includes a thorough assessment of how the injury happened, which
            movements are limited and what your other care providers have advised. Taylor
            will suggest stretches or exercises for between visits and check how you are
            getting on each time.
            """
        ),
        "is_massage_therapy": True,
    },
    {
        "name": "Myofascial release",
        "slug": "myofascial-release",
        "summary": (
            "Slow, sustained pressure and gentle stretching to ease tight fascia and trigger "
            "points, including the ones that send pain to other parts of your body."
        ),
        "description": md(
            """
            Myofascial release uses slow, sustained pressure and gentle stretching to ease
            tight fascia, the connective tissue that wraps and links your muscles. Instead of
            gliding over the skin, Taylor holds contact and waits for the tissue to soften
            before moving on.

            ## Who might consider it

            It may help people with stiffness, restricted movement, or pain that seems to
            travel from one place to another, such as a headache that starts at the shoulder.
            Desk workers and active people often find it worth trying.

            ## At your home

            Taylor starts by asking about your pain and feeling through the muscles involved.
            During the treatment he will ask you to rate the pressure on a scale from 1 to 10
            and adjust to your answer. To learn more, read
            [Myofascial release and trigger points](/learn/myofascial-release-trigger-points/).
            """
        ),
        "is_massage_therapy": True,
    },
    {
        "name": "Trigger point release",
        "slug": "trigger-point-release",
        "summary": (
            "Steady pressure on individual trigger points, the small tender knots that can "
            "cause pain somewhere else, such as a headache that starts in the shoulder."
        ),
        "description": md(
            """
            Trigger point release focuses on individual trigger points: small, tender knots in
            a muscle that can refer pain elsewhere. Taylor finds each one by touch and presses
            into it steadily, usually for thirty seconds to a few minutes, until it starts to
            ease.

            ## Who might consider it

            It may suit people with a particular sore spot that keeps coming back, tension
            headaches, or pain that follows a familiar pattern. The
            [pain finder](/trigger-points/) shows which muscles commonly send pain to the
            place where you feel it.

            ## At your home

            Taylor usually warms the area up with broader massage first and settles it
            afterwards, so trigger point work is one part of a full treatment. Expect to be
            asked how strong the pressure feels, and say so whenever it is too much.
            """
        ),
        "is_massage_therapy": True,
    },
    {
        "name": "Joint mobilization",
        "slug": "joint-mobilization",
        "summary": (
            "Gentle, controlled movement of a stiff joint through its range to help it move "
            "more freely, with no quick thrusts or cracking."
        ),
        "description": md(
            """
            Joint mobilization is a hands-on technique in which Taylor moves a joint slowly and
            rhythmically through its range, or applies small, controlled glides, to help it
            move more freely. It is gentle and controlled: there is no quick thrust and no
            cracking.

            ## Who might consider it

            People with stiff shoulders, hips, ankles, necks or mid backs, whether after an
            injury, a period of little movement or long hours in one position. It is often part
            of rehabilitation massage.

            ## At your home

            Taylor first checks how each joint moves and where it is limited, and asks about
            anything that would make mobilization unsuitable, such as a recent fracture. He
            combines it with massage of the muscles around the joint. Tell him straight away if
            a movement causes pain.
            """
        ),
        "is_massage_therapy": True,
    },
    {
        "name": "Hydrotherapy applications",
        "slug": "hydrotherapy",
        "summary": (
            "Warm and cold packs used alongside massage: warmth to help tight muscles relax, "
            "cold to help settle an area that is irritated or recently strained."
        ),
        "description": md(
            """
            Hydrotherapy applications use warmth and cold, most often as packs, to support a
            massage treatment. Warmth can help muscles relax and make tight tissue easier to
            work on; cold can help settle an area that is irritated or recently strained.

            ## Who might consider it

            Anyone with tight muscles who enjoys warmth, or anyone dealing with a recent strain
            or flare-up where cold may feel better. Taylor chooses what to use based on how you
            are that day.

            ## At your home

            Packs are always wrapped so they never sit directly on your skin, and Taylor checks
            the temperature with you. Let him know if you have reduced feeling in any area,
            circulation problems or diabetes, since heat and cold need extra care then.
            """
        ),
        "is_massage_therapy": True,
    },
    {
        "name": "Geriatric massage",
        "slug": "geriatric-massage",
        "summary": (
            "Massage therapy adapted for older adults: gentler pressure, comfortable "
            "positioning and an unhurried pace, in the familiar surroundings of home."
        ),
        "description": md(
            """
            Geriatric massage is massage therapy adapted for older adults. Pressure is usually
            gentler, treatments may be shorter, and positions are chosen for comfort: lying on
            the side, propped with extra pillows, or seated, rather than always face down.

            ## Who might consider it

            Older adults with stiffness, aches or limited mobility, and anyone who finds a calm,
            gentle treatment comforting. Family members are welcome to book on a parent's
            behalf; the treatment itself is always agreed with the person receiving it.

            ## At your home

            Being treated at home avoids travel and unfamiliar surroundings. If getting onto a
            table is difficult, Taylor can work with you seated in a chair. He will ask about
            health conditions, medications and skin sensitivity, and a caregiver or family
            member is welcome to be present.
            """
        ),
        "is_massage_therapy": True,
    },
    {
        "name": "Sports massage therapy",
        "slug": "sports-massage-therapy",
        "summary": (
            "Massage therapy shaped around your training and events, for runners, cyclists, "
            "team players, gym-goers and anyone whose activity keeps particular muscles busy."
        ),
        "description": md(
            """
            Sports massage therapy fits massage techniques to the demands of training and
            competition. Close to an event it tends to be brisker and lighter; during training
            and recovery it can be slower and deeper.

            ## Who might consider it

            Runners, cyclists, hockey and soccer players, golfers, gym-goers and anyone else
            whose activity keeps certain muscles working hard. You do not need to compete. Many
            active people use it to look after those muscles between sessions.

            ## At your home

            After a long run or a game, being treated at home means you can shower and rest
            straight afterwards. Tell Taylor about your training and any upcoming events so he
            can plan the timing and depth of the work.
            """
        ),
        "is_massage_therapy": True,
    },
    {
        "name": "Energy healing",
        "slug": "energy-healing",
        "summary": (
            "A quiet, light-touch session focused on rest. Energy healing is not massage "
            "therapy, is not covered as RMT treatment and is not receipted as massage therapy "
            "for insurance."
        ),
        "description": md(
            """
            ## Not massage therapy

            Energy healing is not massage therapy. It is outside a Registered Massage
            Therapist's scope of practice, it is not covered as RMT treatment, and it is not
            receipted as massage therapy for insurance. It is booked separately from Taylor's
            massage therapy services.

            ## What a session is like

            You rest, fully clothed, on the table while Taylor uses light touch or holds his
            hands just above your body. There is no massage, no deep pressure and no work on
            muscles or joints.

            ## Who might consider it

            Some people choose it simply as a quiet, restful break. It is not a treatment for
            any illness or injury and does not replace care from your doctor or other health
            professionals. If you have pain or a health concern, massage therapy or medical
            care is the better place to start.
            """
        ),
        "is_massage_therapy": False,
    },
]

SERVICE_AREAS = [
    {
        "name": "Brampton",
        "slug": "brampton",
        "summary": (
            "Mobile massage therapy at your home anywhere in Brampton, from Bramalea to Mount "
            "Pleasant. Taylor brings the table and linens, and travel is included."
        ),
        "description": md(
            """
            Taylor drives to homes across Brampton, including Bramalea, Springdale, Heart Lake,
            Mount Pleasant and the downtown core. He brings a portable massage table, clean
            linens and everything else he needs, so all you have to find is a clear space of
            about 2 m by 3 m.

            Having treatment at home means no drive after a long workday and no waiting room:
            when the session ends, you can rest. Travel is included in the price. Book online,
            enter your postal code to confirm your address is covered, and choose a time.
            """
        ),
    },
    {
        "name": "Toronto",
        "slug": "toronto",
        "summary": (
            "Massage therapy in your Toronto home or condo, with no transit or parking to deal "
            "with. Taylor brings everything needed, and travel is included in the price."
        ),
        "description": md(
            """
            Whether you live in a downtown condo or a house in a neighbourhood such as
            Leslieville, The Annex or North York, Taylor brings the treatment to you: a
            portable table, clean linens and everything else he needs. You skip the transit
            ride and the hunt for parking.

            Toronto is a big city, so enter your postal code when you book online to check that
            your address is covered. If you live in a building, add the buzzer code and any
            visitor parking instructions to your booking so Taylor can find you easily. Travel is
            included in the price.
            """
        ),
    },
    {
        "name": "Etobicoke",
        "slug": "etobicoke",
        "summary": (
            "Mobile massage therapy in Etobicoke, from the lakeshore to The Kingsway. Taylor "
            "brings the table and linens to your door; travel is included."
        ),
        "description": md(
            """
            Taylor treats clients at home throughout Etobicoke, from lakeshore communities such
            as Mimico, Long Branch and Humber Bay to The Kingsway and Islington Village. He
            arrives with a portable table and fresh linens and sets up in a space of about
            2 m by 3 m.

            Treatment at home suits anyone who would rather not add another trip to the week,
            and it means you can relax afterwards without getting back in the car. Travel is
            included in the price, and you can book online after checking your postal code.
            """
        ),
    },
    {
        "name": "Oakville",
        "slug": "oakville",
        "summary": (
            "In-home massage therapy across Oakville, from Bronte to Glen Abbey. Fit a "
            "treatment around your day without leaving the house; travel is included."
        ),
        "description": md(
            """
            Taylor visits homes across Oakville, including Bronte, Glen Abbey, Kerr Village and
            the downtown area near the lake. He brings the massage table, linens and everything
            else needed for your treatment.

            If you work from home, a visit can fit around your day without a commute to a
            clinic. All you need is a quiet room with a clear space of about 2 m by 3 m. Travel
            is included in the price; book online and enter your postal code to see available
            times.
            """
        ),
    },
    {
        "name": "Caledon",
        "slug": "caledon",
        "summary": (
            "Mobile massage therapy for Caledon's towns and rural homes, from Bolton to "
            "Inglewood. Taylor brings the table and linens, and travel is included."
        ),
        "description": md(
            """
            Caledon is spread out, and a clinic visit can mean a long drive. Taylor comes to
            you instead, whether you live in Bolton, Caledon East, Inglewood, Palgrave or on a
            rural property in between. He brings a portable table, linens and everything else
            he needs.

            If your home is down a long lane or hard to spot from the road, add directions when
            you book online. Travel is included in the price, and your postal code will confirm
            that your address is covered.
            """
        ),
    },
    {
        "name": "Orangeville",
        "slug": "orangeville",
        "summary": (
            "Massage therapy at home in Orangeville, with Taylor bringing the table, linens "
            "and everything else to your door. Travel is included in the price."
        ),
        "description": md(
            """
            Taylor brings mobile massage therapy to Orangeville, whether you live near the
            shops and restaurants along Broadway or in one of the town's quieter residential
            streets. He arrives with a portable table and fresh linens, and sets up in a space
            of about 2 m by 3 m.

            If you live just outside town, enter your postal code when you book online to check
            that your address is covered. Travel is included in the price.
            """
        ),
    },
    {
        "name": "Mississauga",
        "slug": "mississauga",
        "summary": (
            "Mobile massage therapy across Mississauga, from Port Credit to Meadowvale. Taylor "
            "sets up in your home or condo, and travel is included in the price."
        ),
        "description": md(
            """
            Taylor treats clients at home throughout Mississauga, including Port Credit,
            Streetsville, Meadowvale, Erin Mills and the condos of the City Centre around
            Square One. He brings the table, linens and everything else needed.

            Home visits can make treatment easier to fit in when getting away is hard, for
            example with young children at home or a full work schedule. Travel is included in
            the price. Book online, and add a buzzer code or parking note if your building has
            one.
            """
        ),
    },
    {
        "name": "Milton",
        "slug": "milton",
        "summary": (
            "In-home massage therapy in Milton, from Old Milton to the newer neighbourhoods. "
            "Taylor brings the table and linens, and travel is included."
        ),
        "description": md(
            """
            Taylor visits homes across Milton, from Old Milton and the streets around Main
            Street to newer neighbourhoods such as Hawthorne Village. He brings a portable
            table, clean linens and everything else he needs.

            If you spend your weekends on the trails of the Niagara Escarpment or at Kelso
            Conservation Area, sports massage therapy at home lets you recover without another
            drive. Travel is included in the price; book online after checking your postal
            code.
            """
        ),
    },
    {
        "name": "Halton",
        "slug": "halton",
        "summary": (
            "Mobile massage therapy in Halton Region, including Burlington and Halton Hills. "
            "Taylor brings everything needed to your home, and travel is included."
        ),
        "description": md(
            """
            Along with Oakville and Milton, which have their own pages, Taylor travels to homes
            in other parts of Halton Region, including Burlington and the communities of Halton
            Hills such as Georgetown and Acton.

            He brings a portable massage table, linens and everything else he needs, so you
            only have to clear a space of about 2 m by 3 m. Travel is included in the price.
            Enter your postal code when you book online to check that your address is covered.
            """
        ),
    },
    {
        "name": "Guelph",
        "slug": "guelph",
        "summary": (
            "Massage therapy at home in Guelph, from downtown to the neighbourhoods near the "
            "university. Taylor brings the table and linens, and travel is included."
        ),
        "description": md(
            """
            Taylor brings mobile massage therapy to Guelph, whether you live downtown, near the
            University of Guelph or in one of the city's residential neighbourhoods. He arrives
            with a portable table and fresh linens and sets up wherever you have a clear space
            of about 2 m by 3 m.

            Guelph is a longer drive for Taylor, so check the booking page for the times
            available in your area. Travel is included in the price, and your postal code will
            confirm that your address is covered.
            """
        ),
    },
]


def create_starter_content(apps, schema_editor):
    Article = apps.get_model("content", "Article")
    PainArea = apps.get_model("content", "PainArea")
    ReferredPainTable = apps.get_model("content", "ReferredPainTable")
    ReferredPainRow = apps.get_model("content", "ReferredPainRow")
    ComparisonTable = apps.get_model("content", "ComparisonTable")
    ComparisonRow = apps.get_model("content", "ComparisonRow")
    Faq = apps.get_model("content", "Faq")
    Service = apps.get_model("content", "Service")
    ServiceArea = apps.get_model("content", "ServiceArea")

    articles = {
        data["slug"]: Article.objects.create(
            status="published", published_at=PUBLISHED_AT, **data
        )
        for data in ARTICLES
    }
    main = articles[MAIN_SLUG]

    pain_areas = {
        slug: PainArea.objects.create(name=name, slug=slug, position=position)
        for position, (name, slug) in enumerate(PAIN_AREAS, start=1)
    }

    referred = ReferredPainTable.objects.create(article=main, **REFERRED_PAIN_TABLE)
    for position, (muscle, sensation, area_slugs, region) in enumerate(
        REFERRED_PAIN_ROWS, start=1
    ):
        row = ReferredPainRow.objects.create(
            table=referred,
            muscle=muscle,
            sensation=sensation,
            body_region=region,
            position=position,
        )
        row.pain_areas.set([pain_areas[slug] for slug in area_slugs])

    comparison = ComparisonTable.objects.create(**COMPARISON_TABLE)
    ComparisonRow.objects.bulk_create(
        ComparisonRow(
            table=comparison, characteristic=characteristic, first=first, second=second,
            position=position,
        )
        for position, (characteristic, first, second) in enumerate(COMPARISON_ROWS, start=1)
    )

    Faq.objects.bulk_create(
        Faq(article=main, question=question, answer=answer, position=position)
        for position, (question, answer) in enumerate(FAQS, start=1)
    )

    Service.objects.bulk_create(
        Service(position=position, **data) for position, data in enumerate(SERVICES, start=1)
    )
    ServiceArea.objects.bulk_create(
        ServiceArea(position=position, **data)
        for position, data in enumerate(SERVICE_AREAS, start=1)
    )


def remove_starter_content(apps, schema_editor):
    def delete(model_name, slugs):
        apps.get_model("content", model_name).objects.filter(slug__in=slugs).delete()

    # Rows and FAQ entries go with their tables and article (on_delete=CASCADE).
    delete("ReferredPainTable", [REFERRED_PAIN_SLUG])
    delete("ComparisonTable", [COMPARISON_SLUG])
    delete("Article", [data["slug"] for data in ARTICLES])
    delete("PainArea", [slug for _, slug in PAIN_AREAS])
    delete("Service", [data["slug"] for data in SERVICES])
    delete("ServiceArea", [data["slug"] for data in SERVICE_AREAS])


class Migration(migrations.Migration):
    dependencies = [("content", "0002_editor_group")]

    operations = [migrations.RunPython(create_starter_content, remove_starter_content)]
