"""link_speaker for one cue: the written source, or None when it is dropped."""
from __future__ import annotations

import pytest

from attribution.rules.speaker import governing_subject, link_speaker
from stagehelp import cue_and_content

POST_VERBAL = ("قال VERB 0 root\nالجنرال NOUN 1 nsubj\nجون PROPN 2 flat\nالن PROPN 3 flat\n"
               "إن SCONJ 7 mark\nالزيارة NOUN 7 nsubj\nناجحة ADJ 1 ccomp")
PRE_VERBAL = "الوزير NOUN 2 nsubj\nقال VERB 0 root\nإن SCONJ 5 mark\nالحكومة NOUN 5 nsubj\nمستقيلة ADJ 2 ccomp"
TIME_FIRST = ("وقال VERB 0 root\nأمس NOUN 1 obl\nمسؤول NOUN 1 nsubj\nأمني ADJ 3 amod\n"
              "إن SCONJ 7 mark\nالوضع NOUN 7 nsubj\nمستقر ADJ 1 ccomp")
DROPPED = "وقالت VERB 0 root Gender=Fem\nإن SCONJ 4 mark\nالوضع NOUN 4 nsubj\nمستقر ADJ 1 ccomp"
# ووصفته بأنه …: the tree (wrongly) makes the pronoun written onto the verb its subject
OBJECT_SUFFIX = ("و+ CCONJ 2 cc\nوصفت+ VERB 0 root Gender=Fem lemma=وصف\nه PRON 2 nsubj\nب+ ADP 5 case\n"
                 "أن+ SCONJ 7 mark\nه PRON 7 nsubj\nكان AUX 2 ccomp")

# قال الوزير إضافة إلى مسؤولين …: إضافة إلى joins a second item, it is not the source's name
CONNECTIVE = ("قال VERB 0 root\nالوزير NOUN 1 nsubj\nإضافة NOUN 2 nmod\nإلى ADP 5 case\nمسؤولين NOUN 3 nmod\n"
              "إن SCONJ 8 mark\nالوضع NOUN 8 nsubj\nمستقر ADJ 1 ccomp")

# a preverbal subject parted from its verb by a relative clause between commas is still the
# source, without the clause; a fronted adverbial before a comma is not
RELATIVE_BETWEEN = ("خاشقجي NOUN 7 nsubj\n، PUNCT 1 punct\nالذي PRON 4 nsubj\nغادر VERB 1 acl\nالسعودية NOUN 4 obj\n"
                    "، PUNCT 4 punct\nقال VERB 0 root\nإن SCONJ 10 mark\nالوضع NOUN 10 nsubj\nخطير ADJ 7 ccomp")
ADVERBIAL_BEFORE_COMMA = ("ميدانيا NOUN 3 nsubj\n، PUNCT 1 punct\nقال VERB 0 root\nإن SCONJ 6 mark\n"
                          "الوضع NOUN 6 nsubj\nخطير ADJ 3 ccomp")

# a verb after a name is read as part of a foreign name (جون) unless the entity tagger ended the
# name before it
NAME_ENDED_BY_TAGGER = ("بحسب ADP 2 case\nليبراسيون PROPN 3 obl ner=S-ORG\nزادت VERB 0 root\nمن ADP 5 case\n"
                        "حدتها NOUN 3 obl")

# a feminine verb's post-verbal masculine noun phrase is its object (وسألت الوفد الصيني "…"); a
# broken plural takes a feminine verb (وقالت المصادر الأمنية)
FEMININE_VERB_MASCULINE_NOUN = ('وسألت VERB 0 root Aspect=Perf lemma=سأل\nالوفد NOUN 1 nsubj Number=Sing\nالصيني ADJ 2 amod Gender=Masc|Number=Sing\n'
                                '" PUNCT 5 punct\nما PRON 1 obj')
FEMININE_VERB_BROKEN_PLURAL = ("وقالت VERB 0 root Aspect=Perf lemma=قال\nالمصادر NOUN 1 nsubj Number=Plur\nالأمنية ADJ 2 amod Gender=Fem\n"
                               "إن SCONJ 6 mark\nالوضع NOUN 6 nsubj\nمستقر ADJ 1 ccomp")

# a cue with في+pronoun right after a document describes it: the document's sender speaks
DOCUMENT_AUTHOR = ("وأرسل VERB 0 root\nتومي PROPN 1 nsubj\nرسالة NOUN 1 obj\nإلى ADP 5 case\nالمنظمين NOUN 3 nmod\n"
                   "قال VERB 3 acl\nفي+ ADP 8 case\nها PRON 6 obl\nإن+ SCONJ 11 mark\nه PRON 11 nsubj\nأصيب VERB 6 ccomp")
# … without في and a pronoun after the cue, the cue's own subject speaks
NO_DOCUMENT_PRONOUN = ("وأرسل VERB 0 root\nتومي PROPN 1 nsubj\nرسالة NOUN 1 obj\nقال VERB 1 conj\n"
                       "المنظمون NOUN 4 nsubj\nإن+ SCONJ 8 mark\nه PRON 8 nsubj\nوصلت VERB 4 ccomp")

# a plural verb after a singular relative pronoun (التي قالوا) has its own subject, unsaid: no written
# source (the relative's noun is not it); governing_subject offers the clause above's subject
GOVERNING_SUBJECT = ("أن SCONJ 3 mark\nالمسؤولين NOUN 3 nsubj Number=Plur\nيشترطون VERB 0 root\n"
                     "الشحنات+ NOUN 3 obj Number=Plur\n، PUNCT 4 punct\nالتي PRON 4 cc\nقالوا VERB 4 acl\n"
                     "إن+ SCONJ 10 mark\nها PRON 10 nsubj\nمفيدة ADJ 7 ccomp")
GOVERNING_SUBJECT_DISAGREES = GOVERNING_SUBJECT.replace("المسؤولين NOUN 3 nsubj Number=Plur",
                                                        "المسؤول NOUN 3 nsubj Number=Sing")

# the tagger reads an adverb as a second subject (وأكد مجددا رئيس الوزراء …): the first subject
# that can speak is the source
ADVERB_AS_SUBJECT = ("أكد+ VERB 0 root\nه PRON 1 obj\nمجددا ADJ 1 nsubj\nرئيس NOUN 1 nsubj\n"
                     "الوزراء NOUN 4 nmod\nأن SCONJ 8 mark\nالوضع NOUN 8 nsubj\nمستقر ADJ 1 ccomp")

# a manner adverb (مرارا، صراحة) is never part of the source, before or after it
ADVERB_AROUND_SOURCE = ("أكدت VERB 0 root\nمرارا NOUN 1 nsubj\nالإدارة NOUN 2 nmod\nالأميركية ADJ 3 amod\n"
                        "صراحة NOUN 3 nmod\nأن SCONJ 8 mark\nالوضع NOUN 8 nsubj\nمستقر ADJ 1 ccomp")

# a news organisation after ل is the recipient (rules/data/media_names.txt), whether the tokenizer
# split ل off (ل|رويترز) or left it glued to the name (لبي بي سي)
MEDIA_RECIPIENT = ("قال VERB 0 root\nمسؤول NOUN 1 nsubj\nل+ ADP 4 case\nرويترز X 2 nmod\n"
                   "إن SCONJ 7 mark\nالقرار NOUN 7 nsubj\nنهائي ADJ 1 ccomp")
GLUED_MEDIA_RECIPIENT = ("قال VERB 0 root\nمتحدث NOUN 1 nsubj\nلبي PROPN 2 nmod\nبي PROPN 3 flat\nسي PROPN 4 flat\n"
                         "إن SCONJ 8 mark\nالقرار NOUN 8 nsubj\nنهائي ADJ 1 ccomp")
DROPPED_BEFORE_MEDIA = ("وقال VERB 0 root\nلبي PROPN 1 nmod\nبي PROPN 2 flat\nسي PROPN 3 flat\n"
                        "إن SCONJ 7 mark\nالقرار NOUN 7 nsubj\nنهائي ADJ 1 ccomp")

# a demonstrative with its definite noun after a phrase that takes no genitive opens the object
# (ووصف ترامب هذا القرار بأنه …); after an indefinite noun it is a construct's genitive
DEMONSTRATIVE_OBJECT = ("ووصف VERB 0 root\nبيان NOUN 1 nsubj\nل+ ADP 4 case\nلخارجية NOUN 2 nmod Definite=Def\n"
                        "هذه DET 6 det\nالخطوة NOUN 1 obj\nب+ ADP 10 case\nأن+ SCONJ 10 mark\nها PRON 10 nsubj\n"
                        "انتهاك NOUN 1 obl")
DEMONSTRATIVE_AFTER_NAME = ("وقال VERB 0 root\nالأسد PROPN 1 nsubj\nهذا DET 4 det\nالأسبوع NOUN 1 obl\n"
                            "إن SCONJ 7 mark\nالحكومة NOUN 7 nsubj\nمستعدة ADJ 1 ccomp")
DEMONSTRATIVE_GENITIVE = ("وقال VERB 0 root\nرئيس NOUN 1 nsubj\nهذه DET 4 det\nالدولة NOUN 2 nmod\n"
                          "إن SCONJ 7 mark\nالحكومة NOUN 7 nsubj\nمستعدة ADJ 1 ccomp")

# a definite adjective closes the phrase: the definite noun after it is the object, unless a title
DEFINITE_AFTER_ADJECTIVE = ("ووصفت VERB 0 root\nالصحافة NOUN 1 nsubj\nالألمانية ADJ 2 amod\nالهزيمة NOUN 1 obj\n"
                            "ب+ ADP 8 case\nأن+ SCONJ 8 mark\nها PRON 8 nsubj\nمحرجة ADJ 1 obl")
TITLE_AFTER_ADJECTIVE = ("وقال VERB 0 root\nالرئيس NOUN 1 nsubj\nالفرنسي ADJ 2 amod\nالجنرال NOUN 2 appos\n"
                         "إن SCONJ 7 mark\nالحكومة NOUN 7 nsubj\nمستعدة ADJ 1 ccomp")

# ل with its pronoun left as one word (لنا، له) is the recipient; a determiner (أحد) opens the phrase
GLUED_RECIPIENT = ("قال VERB 0 root\nلنا PROPN 1 nsubj\nأحد DET 4 det\nالمسؤولين NOUN 1 nsubj\n"
                   "السابقين ADJ 4 amod\nإن SCONJ 8 mark\nالفساد NOUN 8 nsubj\nمنتشر ADJ 1 ccomp")
GLUED_RECIPIENT_ONLY = ("وقال VERB 0 root\nله PROPN 1 nsubj\nإن SCONJ 5 mark\nالقرار NOUN 5 nsubj\n"
                        "نهائي ADJ 1 ccomp")
NAME_LI = ("وقال VERB 0 root\nلي PROPN 1 nsubj\nكه PROPN 2 flat\nتشيانغ PROPN 2 flat\nإن SCONJ 7 mark\n"
           "الاقتصاد NOUN 7 nsubj\nقوي ADJ 1 ccomp")

PARTICIPLE_OF_CLAUSE = ('ونشر VERB 0 root\nاللاعب NOUN 1 nsubj Number=Sing\nصورة NOUN 1 obj\n، PUNCT 5 punct\n'
                        'معلقا ADJ 1 advcl\n: PUNCT 8 punct\n"+ PUNCT 8 punct\nرائع+ ADJ 5 obj\n" PUNCT 8 punct')
MANNER_PARTICIPLE = ('وقال VERB 0 root\nترامب PROPN 1 nsubj\nمعلقا ADJ 1 advcl\nعلى ADP 5 case\n'
                     'إيران PROPN 3 obl\n"+ PUNCT 7 punct\nسنرى+ VERB 1 parataxis\n" PUNCT 7 punct')
AMMA_TOPIC = ('أما ADP 0 root\nجولييت PROPN 1 obj\nفقالت PROPN 2 flat\n: PUNCT 6 punct\n"+ PUNCT 6 punct\n'
              'رائع+ ADJ 3 ccomp\n" PUNCT 6 punct')
AMMA_SEPARATE_FA = ("أما ADP 2 case\nالوزير NOUN 4 nsubj\nف+ CCONJ 4 cc\nقال VERB 0 root\nإن SCONJ 7 mark\n"
                    "الوضع NOUN 7 nsubj\nصعب ADJ 4 ccomp")
AMMA_SETTING = ("أما ADP 0 root\nداخليا ADJ 1 obj\nفيقول VERB 1 parataxis\nكمال PROPN 3 nsubj\nأوغلو PROPN 4 flat\n"
                "إن+ SCONJ 8 mark\nه PRON 8 nsubj\nعازم ADJ 3 ccomp")
UNSHARED_SUBJECT = ("و+ CCONJ 2 cc\nتلقت VERB 0 root Gender=Fem|Number=Sing\nالمعلقة NOUN 2 nsubj Gender=Fem|Number=Sing\n"
                    "الانتقادات NOUN 2 obj\n، PUNCT 7 punct\nو+ CCONJ 7 cc\nوصف VERB 2 conj Gender=Masc|Number=Sing\n"
                    "زملاؤ+ NOUN 7 nsubj Number=Plur\nها PRON 8 nmod\nب+ ADP 13 case\nأن+ SCONJ 13 mark\nها PRON 13 nsubj\n"
                    "تمييز NOUN 7 obj")
HEADLINE_PARTICIPLE = ("الأمير NOUN 3 nsubj\nتشارلز PROPN 1 flat\nمعلقا ADJ 0 root\nعلى ADP 5 case\nولادة NOUN 3 obl\n"
                       ": PUNCT 7 punct\nهناك ADV 3 parataxis\nمشكلة NOUN 7 nsubj")

# a name apposed to a preverbal subject between commas is part of the source; words between the
# commas that are not the subject's names leave it a fronted adverbial
APPOSED_NAME_BETWEEN = ("لكن CCONJ 9 cc\nطبيب NOUN 9 nsubj\nالمنتخب+ NOUN 2 nmod\n، PUNCT 3 punct\n"
                        "محمد PROPN 6 nmod\nأبو PROPN 2 nmod\nالعلا+ PROPN 6 nmod\n، PUNCT 7 punct\nقال VERB 0 root\n"
                        "إن SCONJ 12 mark\nالوضع NOUN 12 nsubj\nصعب ADJ 9 ccomp")
ADVERB_BETWEEN_COMMAS = ("الوزير NOUN 5 nsubj\n، PUNCT 1 punct\nأمس NOUN 5 obl\n، PUNCT 3 punct\nقال VERB 0 root\n"
                         "إن SCONJ 8 mark\nالوضع NOUN 8 nsubj\nصعب ADJ 5 ccomp")

# a relative clause's verb with its own subject after it (الواقعة التي تقول مايورغا إنها …), or of
# the other gender than its pronoun (المرة التي يعلن فيها الفلسطينيون), does not speak for the
# antecedent; the tagger's gender for a form written feminine (قالت, tagged Masc) is not read
RELATIVE_VERB_OWN_SUBJECT = ("الواقعة NOUN 0 root\nالتي PRON 1 cc\nتقول VERB 1 acl Aspect=Imp\n"
                             "مايورغا PROPN 3 nsubj\nإن+ SCONJ 7 mark\nها PRON 7 nsubj\nحدثت VERB 3 ccomp")
RELATIVE_VERB_OTHER_GENDER = ("المرة NOUN 0 root\nالتي PRON 1 cc\nيعلن VERB 1 acl Aspect=Imp\nفي+ ADP 5 case\n"
                              "ها PRON 3 obl\nالفلسطينيون NOUN 3 nsubj\nأن SCONJ 9 mark\nالرحلة NOUN 9 nsubj\n"
                              "ستنطلق VERB 3 ccomp")
RELATIVE_VERB_TAGGED_MASCULINE = ("المنظمة NOUN 0 root\nالتي PRON 1 cc\nقالت VERB 1 acl Aspect=Perf|Gender=Masc lemma=قال\n"
                                  "إن SCONJ 6 mark\nالوضع NOUN 6 nsubj\nصعب ADJ 3 ccomp")

# ل with an article whose alif it swallowed (للصحفيين, split ل + لصحفيين) opens the recipient after
# a person, but stays in an organisation's name (النقابة الوطنية للصحفيين)
RECIPIENT_AFTER_SWALLOWED_ARTICLE = ("و+ CCONJ 2 cc\nأضاف VERB 0 root\nكونتي X 2 nsubj\nل+ ADP 5 case\n"
                                     "لصحفيين NOUN 2 iobj\n: PUNCT 7 punct\nلا PART 2 obj")
MEMBERS_IN_ORGANISATION_NAME = ("قالت VERB 0 root\nالنقابة NOUN 1 nsubj\nالوطنية ADJ 2 amod\nل+ ADP 5 case\n"
                                "لصحفيين NOUN 2 nmod\nإن SCONJ 8 mark\nالوضع NOUN 8 nsubj\nصعب ADJ 1 ccomp")
# … and a relative clause's own subject after the pronoun that takes up its antecedent (الوقت
# الذي كشف فيه طبيب الفريق أن …)
RELATIVE_OWN_SUBJECT_AFTER_PRONOUN = ("الوقت NOUN 0 root\nالذي PRON 1 cc\nكشف VERB 1 acl Aspect=Perf\nفي+ ADP 5 case\n"
                                      "ه PRON 3 obl\nطبيب NOUN 3 nsubj\nالفريق NOUN 6 nmod\nأن SCONJ 10 mark\n"
                                      "اللاعب NOUN 10 nsubj\nمصاب ADJ 3 ccomp")
# a quoted negated quality after the verb is its predicate, not a quoted name
QUOTED_NEGATED_QUALITY = ('اعتبرت+ VERB 0 root Gender=Fem\nها PRON 1 obj\n"+ PUNCT 4 punct\nغير NOUN 1 xcomp\n'
                          'مقبولة+ ADJ 4 amod\n" PUNCT 4 punct\nو+ CCONJ 8 cc\nتحتوي VERB 1 conj\nعلى ADP 11 case\n'
                          '"+ PUNCT 11 punct\nإهانات+ NOUN 8 obl\n" PUNCT 11 punct')

# a feminine participle right before what is said is how she spoke, not her name (وأضافت قائلة: …)
FEMININE_PARTICIPLE_BEFORE_COLON = ('و+ CCONJ 2 cc\nأضافت VERB 0 root Gender=Fem\nقائلة NOUN 2 nsubj\n: PUNCT 6 punct\n'
                                    '"+ PUNCT 6 punct\nرائع+ ADJ 2 ccomp\n" PUNCT 6 punct')
# a definite addressee right after a name is not part of it (وأبلغ فينغر الصحفيين: …)
ADDRESSEE_AFTER_NAME = ('و+ CCONJ 2 cc\nأبلغ VERB 0 root\nفينغر X 2 nsubj\nالصحفيين NOUN 3 nmod\n: PUNCT 7 punct\n'
                        '"+ PUNCT 7 punct\nرائع+ ADJ 2 ccomp\n" PUNCT 7 punct')

# a word written with the accusative's alif is never the source or a word of it (كتب تعليقا: the
# object; وقال مورينيو ردا: how he spoke), but a count's noun is (صاحب الـ57 عاما); nor is آنذاك
ACCUSATIVE_OBJECT = ('كتب VERB 0 root\nتعليقا NOUN 1 nsubj lemma=تعليق\n: PUNCT 5 punct\n"+ PUNCT 5 punct\n'
                     'رائع+ ADJ 1 ccomp\n" PUNCT 5 punct')
ADVERBIAL_ACCUSATIVE = ('و+ CCONJ 2 cc\nقال VERB 0 root\nمورينيو X 2 nsubj\nردا NOUN 3 nmod lemma=رد\n'
                        '"+ PUNCT 7 punct\nرائع+ ADJ 2 ccomp\n" PUNCT 7 punct')
COUNT_NOUN = ('و+ CCONJ 2 cc\nقال VERB 0 root\nصاحب NOUN 2 nsubj\nالـ+ DET 5 det\n57 NUM 3 nmod\n'
              'عاما NOUN 5 nmod lemma=عام\nإن SCONJ 9 mark\nالوضع NOUN 9 nsubj\nصعب ADJ 2 ccomp')
THEN_AFTER_NAME = ('و+ CCONJ 2 cc\nقال VERB 0 root\nنوير X 2 nsubj\nآنذاك ADV 2 advmod\n'
                   '"+ PUNCT 7 punct\nرائع+ ADJ 2 ccomp\n" PUNCT 7 punct')

# a relative clause's antecedent is read back past an age in brackets (الطالب إيفان (18 عاما) الذي …)
RELATIVE_AFTER_AGE = ('الطالب NOUN 0 root\nإيفان X 1 flat\n(+ PUNCT 4 punct\n18 NUM 5 nummod\nعاما+ NOUN 1 nmod\n'
                      ') PUNCT 5 punct\nالذي PRON 1 cc\nأوضح VERB 1 acl Aspect=Perf\nأن SCONJ 11 mark\n'
                      'الوضع NOUN 11 nsubj\nصعب ADJ 8 ccomp')
# a name after a definite plural is the verb's object, not apposed (ويتهم الديمقراطيون بومبيو بأنه …)
NAME_AFTER_PLURAL = ('و+ CCONJ 2 cc\nيتهم VERB 0 root\nالديمقراطيون NOUN 2 nsubj Number=Plur\nبومبيو X 2 obj\n'
                     'ب+ ADP 8 case\nأن+ SCONJ 8 mark\nه PRON 8 nsubj\nعدائي ADJ 2 obl')

# after a name the entity tagger ended, a definite singular the tree makes the object opens it
# (ووصف ترامب الاتفاق بأنه …); inside the name it is the family name (بشار الأسد)
OBJECT_AFTER_ENDED_NAME = ('و+ CCONJ 2 cc\nوصف VERB 0 root\nترامب X 2 nsubj ner=S-PER\nالاتفاق NOUN 2 obj\n'
                           'ب+ ADP 8 case\nأن+ SCONJ 8 mark\nه PRON 8 nsubj\nسيئ ADJ 2 obl')
FAMILY_NAME_IN_ENTITY = ('و+ CCONJ 2 cc\nقال VERB 0 root\nبشار X 2 nsubj ner=B-PER\nالأسد NOUN 2 obj ner=E-PER\n'
                         'إن SCONJ 7 mark\nالحرب NOUN 7 nsubj\nانتهت VERB 2 ccomp')
# a feminine participle before the preposition it takes is how the source spoke (بحسب قناة العربية
# مشيرة إلى مقتل …), and a network after ل is the recipient (وقال الوزير لشبكة "…")
PARTICIPLE_BEFORE_ITS_PREPOSITION = ("بحسب ADP 2 case\nقناة NOUN 0 root\nالعربية ADJ 2 amod\nمشيرة NOUN 2 amod\n"
                                     "إلى ADP 6 case\nمقتل NOUN 4 nmod")
NETWORK_RECIPIENT = ('و+ CCONJ 2 cc\nقال VERB 0 root\nالوزير NOUN 2 nsubj\nل+ ADP 5 case\nشبكة NOUN 3 nmod\n'
                     '"+ PUNCT 7 punct\nفوكس+ X 5 nmod\n" PUNCT 7 punct\nإن SCONJ 11 mark\nالوضع NOUN 11 nsubj\n'
                     'صعب ADJ 2 ccomp')

# a quantifier with its definite noun after a closed phrase opens the object (علق الحلف كل التعاون)
QUANTIFIED_OBJECT = ("وصف VERB 0 root\nالحلف NOUN 1 nsubj\nكل DET 4 det\nالتعاون NOUN 1 obj\nب+ ADP 6 case\n"
                     "الفشل NOUN 1 obl")
# في إشارة إلى …: an event noun after an anonymous source's في is how it spoke, not where it is from
REFERENCE_AFTER_ANONYMOUS = ('و+ CCONJ 2 cc\nقال VERB 0 root\nدبلوماسي NOUN 2 nsubj\nفي ADP 5 case\nإشارة NOUN 3 nmod\n'
                             'إلى ADP 7 case\nالقرار+ NOUN 5 nmod\n: PUNCT 10 punct\n"+ PUNCT 10 punct\nرائع+ ADJ 2 ccomp\n'
                             '" PUNCT 10 punct')
# a foreign first name the tagger reads as a verb continues the source where the entity tagger starts a
# person's name there (وقال المدرب يورغن كلوب)
NAME_READ_AS_VERB = ("و+ CCONJ 2 cc\nقال VERB 0 root\nالمدرب NOUN 2 nsubj\nيورغن VERB 3 acl ner=B-PER\n"
                     "كلوب PROPN 4 nsubj ner=E-PER\nإن SCONJ 8 mark\nالفريق NOUN 8 nsubj\nجاهز ADJ 2 ccomp")

# a day the entity tagger ran a body's name over is not part of it (قال مستشفى الخميس إن …), and
# وقتها is a time word (وقال وقتها إنه …: the subject is dropped)
DAY_IN_ENTITY = ("قال VERB 0 root\nمستشفى NOUN 1 nsubj ner=B-ORG\nالخميس NOUN 2 nmod ner=E-ORG\nإن SCONJ 6 mark\n"
                 "الوضع NOUN 6 nsubj\nمستقر ADJ 1 ccomp")
THEN_AFTER_VERB = ("و+ CCONJ 2 cc\nقال VERB 0 root\nوقتها NOUN 2 nsubj\nإن+ SCONJ 6 mark\nه PRON 6 nsubj\n"
                   "يريد VERB 2 ccomp")
THEN_SPLIT_AT_PRONOUN = ("و+ CCONJ 2 cc\nقال VERB 0 root\nوقت+ NOUN 2 nsubj\nها PRON 3 nmod\nإن+ SCONJ 7 mark\n"
                         "ه PRON 7 nsubj\nيريد VERB 2 ccomp")

# أم before a name, read as the conjunction, is a mother named by her child (a kunya)
KUNYA = ("و+ CCONJ 2 cc\nقالت VERB 0 root Gender=Fem\nأم CCONJ 4 cc\nصالح PROPN 2 nsubj\nإن SCONJ 7 mark\n"
         "ابنها NOUN 7 nsubj\nفاز VERB 2 ccomp")

# after a name, an indefinite noun the tree makes the verb's object opens the object (نفى باريس
# سان جيرمان ارتكاب …); a nominative one (a title: غوارديولا مدرب مانشستر سيتي) is apposed
OBJECT_AFTER_NAME = ("كما CCONJ 2 cc\nنفى VERB 0 root\nباريس X 2 nsubj\nسان X 3 flat\nجيرمان X 4 flat\n"
                     "ارتكاب NOUN 2 obj Case=Acc\nأي ADJ 6 amod\nمخالفة NOUN 7 nmod")
TITLE_AFTER_NAME = ('قال VERB 0 root\nبيب PROPN 1 nsubj\nغوارديولا PROPN 2 flat\nمدرب NOUN 1 obj Case=Nom\n'
                    'مانشستر PROPN 4 nmod\nسيتي PROPN 5 flat\n"+ PUNCT 8 punct\nرائع+ ADJ 1 ccomp\n" PUNCT 8 punct')


@pytest.mark.parametrize("rows, expected", [
    (POST_VERBAL, "الجنرال جون الن"),
    (PRE_VERBAL, "الوزير"),
    (TIME_FIRST, "مسؤول أمني"),
    (DROPPED, None),
    (OBJECT_SUFFIX, None),
    (CONNECTIVE, "الوزير"),
    (RELATIVE_BETWEEN, "خاشقجي"),
    (ADVERBIAL_BEFORE_COMMA, None),
    (NAME_ENDED_BY_TAGGER, "ليبراسيون"),
    (FEMININE_VERB_MASCULINE_NOUN, None),
    (FEMININE_VERB_BROKEN_PLURAL, "المصادر الأمنية"),
    (DOCUMENT_AUTHOR, "تومي"),
    (NO_DOCUMENT_PRONOUN, "المنظمون"),
    (GOVERNING_SUBJECT, None),
    (ADVERB_AS_SUBJECT, "رئيس الوزراء"),
    (ADVERB_AROUND_SOURCE, "الإدارة الأميركية"),
    (MEDIA_RECIPIENT, "مسؤول"),
    (GLUED_MEDIA_RECIPIENT, "متحدث"),
    (DROPPED_BEFORE_MEDIA, None),
    (GLUED_RECIPIENT, "أحد المسؤولين السابقين"),
    (GLUED_RECIPIENT_ONLY, None),
    (NAME_LI, "لي كه تشيانغ"),
    (DEFINITE_AFTER_ADJECTIVE, "الصحافة الألمانية"),
    (TITLE_AFTER_ADJECTIVE, "الرئيس الفرنسي الجنرال"),
    (DEMONSTRATIVE_OBJECT, "بيان للخارجية"),
    (DEMONSTRATIVE_AFTER_NAME, "الأسد"),
    (DEMONSTRATIVE_GENITIVE, "رئيس هذه الدولة"),
    # معلقا، مضيفا: a participle in the accusative is how the source spoke, never part of it
    (MANNER_PARTICIPLE, "ترامب"),
    ('وقال VERB 0 root\nمعلقا ADJ 1 nsubj\n: PUNCT 5 punct\n"+ PUNCT 5 punct\nرائع+ ADJ 1 ccomp\n" PUNCT 5 punct', None),
    # a participle's own source: the noun phrase that opens a headline before it, nothing else
    (HEADLINE_PARTICIPLE, "الأمير تشارلز"),
    (PARTICIPLE_OF_CLAUSE, None),
    # أما X فقال: the topic is the subject, unless the verb has its own after it
    (AMMA_TOPIC, "جولييت"),
    (AMMA_SEPARATE_FA, "الوزير"),
    (AMMA_SETTING, "كمال أوغلو"),
    # an object-first verb shares only a subject it agrees with
    (UNSHARED_SUBJECT, "زملاؤها"),
    (APPOSED_NAME_BETWEEN, "طبيب المنتخب، محمد أبو العلا"),
    (ADVERB_BETWEEN_COMMAS, None),
    (RELATIVE_VERB_OWN_SUBJECT, "مايورغا"),
    (RELATIVE_VERB_OTHER_GENDER, "الفلسطينيون"),
    (RELATIVE_VERB_TAGGED_MASCULINE, "المنظمة"),
    (OBJECT_AFTER_NAME, "باريس سان جيرمان"),
    (TITLE_AFTER_NAME, "بيب غوارديولا مدرب مانشستر سيتي"),
    (KUNYA, "أم صالح"),
    (RECIPIENT_AFTER_SWALLOWED_ARTICLE, "كونتي"),
    (MEMBERS_IN_ORGANISATION_NAME, "النقابة الوطنية للصحفيين"),
    (RELATIVE_OWN_SUBJECT_AFTER_PRONOUN, "طبيب الفريق"),
    (QUOTED_NEGATED_QUALITY, None),
    (FEMININE_PARTICIPLE_BEFORE_COLON, None),
    (ADDRESSEE_AFTER_NAME, "فينغر"),
    (ACCUSATIVE_OBJECT, None),
    (ADVERBIAL_ACCUSATIVE, "مورينيو"),
    (COUNT_NOUN, "صاحب الـ57 عاما"),
    (THEN_AFTER_NAME, "نوير"),
    (RELATIVE_AFTER_AGE, "الطالب إيفان"),
    (NAME_AFTER_PLURAL, "الديمقراطيون"),
    (OBJECT_AFTER_ENDED_NAME, "ترامب"),
    (FAMILY_NAME_IN_ENTITY, "بشار الأسد"),
    (PARTICIPLE_BEFORE_ITS_PREPOSITION, "قناة العربية"),
    (NETWORK_RECIPIENT, "الوزير"),
    (QUANTIFIED_OBJECT, "الحلف"),
    (REFERENCE_AFTER_ANONYMOUS, "دبلوماسي"),
    (NAME_READ_AS_VERB, "المدرب يورغن كلوب"),
    (DAY_IN_ENTITY, "مستشفى"),
    (THEN_AFTER_VERB, None),
    (THEN_SPLIT_AT_PRONOUN, None),
], ids=["post-verbal", "pre-verbal", "time-word-skipped", "dropped", "object-suffix-is-no-subject",
        "connective-ends-the-source", "relative-clause-between", "adverbial-before-comma", "name-ended-by-tagger",
        "feminine-verb-masculine-noun", "feminine-verb-broken-plural", "document-author", "no-document-pronoun",
        "relative-verb-disagrees", "adverb-read-as-subject", "adverb-around-source",
        "media-recipient", "glued-media-recipient", "dropped-before-media",
        "glued-recipient-then-source", "glued-recipient-source-dropped", "name-li-is-a-source",
        "object-after-definite-adjective", "title-after-adjective",
        "demonstrative-after-definite-noun", "demonstrative-after-name", "demonstrative-genitive-of-construct",
        "manner-participle-ends-the-source", "manner-participle-is-no-source", "headline-before-participle",
        "participle-after-a-clause", "amma-topic", "amma-separate-fa", "amma-setting", "unshared-subject",
        "apposed-name-between-commas", "adverb-between-commas", "relative-verb-own-subject",
        "relative-verb-other-gender", "relative-verb-tagged-masculine", "object-after-name", "title-after-name",
        "kunya", "recipient-after-swallowed-article", "members-in-organisation-name",
        "relative-own-subject-after-pronoun", "quoted-negated-quality", "feminine-participle-before-colon",
        "addressee-after-name", "accusative-object", "adverbial-accusative", "count-noun", "then-after-name",
        "relative-after-age", "name-after-plural", "object-after-ended-name", "family-name-in-entity",
        "participle-before-its-preposition", "network-recipient", "quantified-object", "reference-after-anonymous",
        "name-read-as-verb", "day-in-entity", "then-after-verb",
        "then-split-at-pronoun"])
def test_link_speaker(rows, expected):
    parsed, lexicon, cue, content = cue_and_content(rows)
    speaker = link_speaker(cue, content, lexicon)
    assert (None if speaker is None else parsed.text[speaker.start:speaker.end]) == expected


@pytest.mark.parametrize("rows, expected", [
    (GOVERNING_SUBJECT, "المسؤولين"),
    # a participle with no speech verb: the subject of the clause it hangs on, if it agrees
    (PARTICIPLE_OF_CLAUSE, "اللاعب"),
    (PARTICIPLE_OF_CLAUSE.replace("معلقا ADJ", "معلقين ADJ"), None),
    # a feminine noun for a man (أسطورة): the clause's masculine verb tells its gender
    ("انتقد VERB 0 root\nأسطورة NOUN 1 nsubj Number=Sing\nالكرة NOUN 2 nmod\nاللاعب NOUN 1 obj\n، PUNCT 6 punct\n"
     "قائلا ADJ 1 advcl\nإن+ SCONJ 9 mark\nه PRON 9 nsubj\nمخطئ ADJ 6 ccomp", "أسطورة الكرة"),
    # the verb above it is the quotation's own, after it
    ('ونشر VERB 0 root\nصورة NOUN 1 obj\nمعلقا ADJ 6 advcl\n"+ PUNCT 5 punct\nالجميع NOUN 6 nsubj\n'
     'يريد+ VERB 1 parataxis\n" PUNCT 6 punct', None),
    (GOVERNING_SUBJECT_DISAGREES, None),
    (GOVERNING_SUBJECT.replace("قالوا VERB", "قالت VERB"), None),  # agrees with التي: its own antecedent
    (POST_VERBAL, None),                                           # no relative clause
    # after a relative ما: the subject above, and only its own phrase (not the object after it)
    ("شنت VERB 0 root Gender=Fem|Number=Sing\nإسرائيل PROPN 1 nsubj Gender=Fem|Number=Sing\nغارات NOUN 1 obj\n"
     "على ADP 5 case\nما PRON 1 obl\nقالت VERB 5 acl Gender=Fem|Number=Sing\nإن+ SCONJ 9 mark\nه PRON 9 nsubj\n"
     "هجوم NOUN 6 ccomp", "إسرائيل"),
], ids=["plural-verb-plural-subject", "participle-clause-subject", "participle-disagrees", "participle-verb-tells-gender",
        "participle-under-quoted-verb", "singular-subject-above", "verb-agrees-with-relative", "main-clause-verb",
        "after-relative-what"])
def test_governing_subject(rows, expected):
    parsed, lexicon, cue, _ = cue_and_content(rows)
    span = governing_subject(cue, lexicon)
    words = cue.sentence.words
    assert (None if span is None else parsed.text[words[span[0]].start:words[span[1]].end]) == expected


def _words(rows: str):
    from treebuilder import build
    return build(rows).sentences[0]


@pytest.mark.parametrize("rows, begin, expected", [
    ("قال VERB 0 root\nل+ ADP 3 case\nلصحافيين+ NOUN 1 obl\n، PUNCT 5 punct\nالوزير NOUN 1 nsubj", 1,
     "الوزير"),  # a recipient, then the subject after a comma
    ("قال VERB 0 root\nأمس NOUN 1 obl\nالوزير NOUN 1 nsubj", 1, "الوزير"),            # a time word
    ("أعلنت VERB 0 root\nمن ADP 3 case\nجهت+ NOUN 1 obl\nها PRON 3 nmod\nالوزيرة NOUN 1 nsubj", 1, "الوزيرة"),
    ("قال VERB 0 root\nالوزير NOUN 1 nsubj", 1, "الوزير"),                            # nothing to skip
], ids=["recipient", "time-word", "min-jihatiha", "none"])
def test_skip_lead_in(rows, begin, expected):
    from attribution.rules.lexicon import load_lexicon
    from attribution.rules.speaker import _skip_lead_in
    sentence = _words(rows)
    assert sentence.words[_skip_lead_in(sentence, begin, len(sentence.words), load_lexicon())].text == expected


@pytest.mark.parametrize("rows, expected", [
    # _speaker_of_marker: after the marker, past ما and its verb
    ("بحسب ADP 3 case\nمصادر NOUN 5 obl\nمطلعة ADJ 2 amod\n، PUNCT 5 punct\nفإن SCONJ 7 mark\nالوضع NOUN 7 nsubj\n"
     "مستقر ADJ 0 root", "مصادر مطلعة"),
    ("بحسب ADP 2 case\nما PRON 8 obl\nذكرت VERB 2 acl Gender=Fem\nوكالة NOUN 3 nsubj\nالأنباء NOUN 4 nmod\n"
     "، PUNCT 8 punct\nفإن SCONJ 8 mark\nالوضع NOUN 0 root", "وكالة الأنباء"),
    # _speaker_of_noun: the source after عن before قوله
    ("أوردت VERB 0 root Gender=Fem\nالوكالة NOUN 1 nsubj\nعن ADP 4 case\nالوزير NOUN 1 obl\nقول+ NOUN 1 obj\n"
     "ه PRON 5 nmod\nإن SCONJ 9 mark\nالوضع NOUN 9 nsubj\nمستقر ADJ 5 ccomp", "الوزير"),
], ids=["marker", "marker-ma-verb", "speech-noun"])
def test_speaker_of_marker_and_noun(rows, expected):
    parsed, lexicon, cue, content = cue_and_content(rows)
    speaker = link_speaker(cue, content, lexicon)
    assert (None if speaker is None else parsed.text[speaker.start:speaker.end]) == expected


# Named entities (the pipeline's ner stage): a source never stops inside a person's or body's
# name and runs on over the name after a title; without entity tags the same trees give the
# spans the tags alone give.
NAME_AFTER_TITLE = ("قال VERB 0 root\nمستشار NOUN 1 nsubj\nخامنئي PROPN 2 nmod\nالدكتور NOUN 2 nmod\n"
                    "علي ADP 7 case {b}\nأكبر ADJ 7 amod {i}\nولايتي PROPN 1 obl {e}\n"
                    "إن SCONJ 10 mark\nالاتفاق NOUN 10 nsubj\nانتهى VERB 1 ccomp")
NAME_TAGGED_PART = ("قال VERB 0 root\nالجنرال NOUN 1 nsubj\nجون PROPN 2 flat {b}\nيا INTJ 2 dep {i}\n"
                    "نغ PROPN 2 flat {e}\nإن SCONJ 8 mark\nالزيارة NOUN 8 nsubj\nناجحة ADJ 1 ccomp")
NAME_BEFORE_SUBJECT = ("دونالد PROPN 4 dep {b}\nترامب PROPN 3 nsubj {e}\nقال VERB 0 root\n"
                       "إن SCONJ 6 mark\nالاتفاق NOUN 6 nsubj\nسيئ ADJ 3 ccomp")
OBJECT_AFTER_SUBJECT = ("{verb} VERB 0 root\nالرئيس NOUN 1 nsubj\nالأمريكي ADJ 2 amod\nفلاديمير ADP 5 case ner=B-PER\n"
                        "بوتين PROPN 1 obj ner=E-PER\nب+ ADP 7 case\nأنه PRON 1 obl")  # فلاديمير misread (as على is)
NAME_INTO_CONTENT = ("قال VERB 0 root\nالوزير NOUN 1 nsubj\n: PUNCT 1 punct\nترامب PROPN 5 nsubj {b}\n"
                     "سيزور VERB 1 ccomp\nبغداد PROPN 5 obj")
TAGS = {"b": "ner=B-PER", "i": "ner=I-PER", "e": "ner=E-PER"}
NO_TAGS = {"b": "", "i": "", "e": ""}


@pytest.mark.parametrize("rows, tagged, untagged", [
    (NAME_AFTER_TITLE, "مستشار خامنئي الدكتور علي أكبر ولايتي", "مستشار خامنئي الدكتور"),
    (NAME_TAGGED_PART, "الجنرال جون يا نغ", "الجنرال جون"),
    (NAME_BEFORE_SUBJECT, "دونالد ترامب", "ترامب"),
], ids=["runs-on-after-title", "not-cut-inside", "opens-at-the-name"])
def test_speaker_keeps_whole_names(rows, tagged, untagged):
    for tags, expected in ((TAGS, tagged), (NO_TAGS, untagged)):
        parsed, lexicon, cue, content = cue_and_content(rows.format(**tags))
        speaker = link_speaker(cue, content, lexicon)
        assert parsed.text[speaker.start:speaker.end] == expected
        assert ("named-entity" in speaker.rules) == (tags is TAGS)


@pytest.mark.parametrize("verb, expected", [
    ("اتهم", "الرئيس الأمريكي"),                     # اتهم X Y بأنه: Y is the one accused
    ("قال", "الرئيس الأمريكي فلاديمير بوتين"),
])
def test_a_verb_that_takes_its_object_first_keeps_the_name_out(verb, expected):
    parsed, lexicon, cue, content = cue_and_content(OBJECT_AFTER_SUBJECT.format(verb=verb))
    speaker = link_speaker(cue, content, lexicon)
    assert parsed.text[speaker.start:speaker.end] == expected


def test_a_name_in_the_content_stays_there():
    parsed, lexicon, cue, content = cue_and_content(NAME_INTO_CONTENT.format(b="ner=S-PER"))
    speaker = link_speaker(cue, content, lexicon)
    assert parsed.text[speaker.start:speaker.end] == "الوزير"



# A title whose last words are a body's name, or that goes on with its own short prepositional
# phrase, still takes the person's name after it; a phrase that sets the speech does not.
TITLE = "أكد VERB 0 root\nكبير ADJ 1 nsubj\nمفاوضي NOUN 2 nmod\nالاتحاد NOUN 3 nmod ner=B-ORG\nالأوروبي ADJ 4 amod ner=E-ORG\n"
NAME_AND_CONTENT = "ميشال X 2 nmod ner=B-PER\nبارنييه PROPN {n} flat ner=E-PER\nأن SCONJ {v} mark\nالوقت NOUN {v} nsubj\n" \
                   "ينفد VERB 1 ccomp"
TITLE_THEN_NAME = TITLE + NAME_AND_CONTENT.format(n=6, v=9)
TITLE_PHRASE_THEN_NAME = TITLE + "في ADP 8 case\nهذا DET 8 det\nالملف NOUN 4 nmod\n" + NAME_AND_CONTENT.format(n=9, v=12)
SETTING_PHRASE_THEN_NAME = TITLE + "في ADP 7 case\nبيان NOUN 1 obl\nرسمي ADJ 7 amod\n" + NAME_AND_CONTENT.format(n=9, v=12)


@pytest.mark.parametrize("rows, expected", [
    (TITLE_THEN_NAME, "كبير مفاوضي الاتحاد الأوروبي ميشال بارنييه"),
    (TITLE_PHRASE_THEN_NAME, "كبير مفاوضي الاتحاد الأوروبي في هذا الملف ميشال بارنييه"),
    (SETTING_PHRASE_THEN_NAME, "كبير مفاوضي الاتحاد الأوروبي"),
], ids=["title-ends-in-a-body", "title-phrase-then-name", "setting-phrase-is-the-verbs"])
def test_a_title_takes_the_name_after_its_phrase(rows, expected):
    parsed, lexicon, cue, content = cue_and_content(rows)
    speaker = link_speaker(cue, content, lexicon)
    assert parsed.text[speaker.start:speaker.end] == expected
