"""What a language tag reads as on a page: 'English' for 'en'."""
from __future__ import annotations

# English names of the languages an article is most likely to be in, by ISO 639 code
# (the standard library has no such table; a missing one is shown as its code).
LANGUAGES = {
    "ar": "Arabic", "be": "Belarusian", "bg": "Bulgarian", "bs": "Bosnian", "ca": "Catalan",
    "ce": "Chechen", "cs": "Czech", "cy": "Welsh", "da": "Danish", "de": "German",
    "el": "Greek", "en": "English", "es": "Spanish", "et": "Estonian", "fa": "Persian",
    "fi": "Finnish", "fr": "French", "ga": "Irish", "he": "Hebrew", "hi": "Hindi",
    "hr": "Croatian", "hu": "Hungarian", "hy": "Armenian", "id": "Indonesian",
    "is": "Icelandic", "it": "Italian", "ja": "Japanese", "ka": "Georgian", "kk": "Kazakh",
    "ko": "Korean", "ky": "Kyrgyz", "lt": "Lithuanian", "lv": "Latvian", "mk": "Macedonian",
    "mn": "Mongolian", "nb": "Norwegian Bokmål", "nl": "Dutch", "nn": "Norwegian Nynorsk",
    "no": "Norwegian", "pl": "Polish", "pt": "Portuguese", "ro": "Romanian", "ru": "Russian",
    "sk": "Slovak", "sl": "Slovenian", "sq": "Albanian", "sr": "Serbian", "sv": "Swedish",
    "tg": "Tajik", "th": "Thai", "tk": "Turkmen", "tr": "Turkish", "tt": "Tatar",
    "uk": "Ukrainian", "ur": "Urdu", "uz": "Uzbek", "vi": "Vietnamese", "zh": "Chinese",
    "crh": "Crimean Tatar", "rue": "Rusyn",
}


def language_name(tag: str) -> str:
    """'English' for 'en'; 'English (en-GB)' for a tag with more to it than the
    language; an unknown language's tag as it is, said to be a code."""
    name = LANGUAGES.get(tag.split("-")[0].lower())
    if name is None:
        return f"{tag} (language code)"
    return name if "-" not in tag else f"{name} ({tag})"
