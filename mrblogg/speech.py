"""Swedish speech for the CAPTCHA's audio alternative, without any program on the machine.

espeak-ng comes from PyPI (`espeakng-loader` ships `libespeak-ng.so` and its data, the Swedish
voice `sv` included), so the spoken CAPTCHA works after `make run` alone: no Debian package,
no `flite` binary for django-simple-captcha to call. The library is driven through ctypes and
renders into memory; the WAV never touches the disk.

libespeak-ng keeps one global synthesiser per process and is not thread-safe, so every call
goes through one lock (a challenge takes about 10 ms).
"""

import ctypes
import io
import threading
import wave

try:
    import espeakng_loader
except ImportError:  # an environment installed without it: no audio is offered, no error
    espeakng_loader = None

VOICE = "sv"
RATE = 110  # words per minute: slower than espeak's 175, one character at a time
PITCH = 40

# espeak_AUDIO_OUTPUT, espeak_PARAMETER, espeak_POSITION_TYPE and flags from speak_lib.h.
_AUDIO_OUTPUT_SYNCHRONOUS = 2
_ESPEAK_RATE = 1
_ESPEAK_PITCH = 3
_POS_CHARACTER = 1
_CHARS_UTF8 = 1
_EE_OK = 0

_SYNTH_CALLBACK = ctypes.CFUNCTYPE(
    ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int, ctypes.c_void_p
)


class SpeechUnavailable(Exception):
    """The speech library or its voice cannot be loaded on this machine."""


class _Engine:
    def __init__(self):
        self._lock = threading.Lock()
        self._lib = None
        self._sample_rate = None
        self._samples = []
        # Kept on the instance: a callback that is garbage-collected crashes the library.
        self._callback = _SYNTH_CALLBACK(self._collect)

    def _collect(self, wav, count, events):
        if wav and count > 0:
            self._samples.append(ctypes.string_at(wav, count * ctypes.sizeof(ctypes.c_short)))
        return 0  # go on

    def _load(self):
        if self._lib is not None:
            return
        if espeakng_loader is None:
            raise SpeechUnavailable("espeakng-loader is not installed")
        try:
            lib = ctypes.CDLL(espeakng_loader.get_library_path())
            data_path = espeakng_loader.get_data_path()
        except (OSError, RuntimeError) as exc:
            raise SpeechUnavailable(str(exc)) from exc
        lib.espeak_Initialize.restype = ctypes.c_int
        lib.espeak_Initialize.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_char_p, ctypes.c_int]
        lib.espeak_SetVoiceByName.restype = ctypes.c_int
        lib.espeak_SetVoiceByName.argtypes = [ctypes.c_char_p]
        lib.espeak_SetParameter.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_int]
        lib.espeak_SetSynthCallback.argtypes = [_SYNTH_CALLBACK]
        lib.espeak_Synth.restype = ctypes.c_int
        lib.espeak_Synth.argtypes = [
            ctypes.c_char_p, ctypes.c_size_t, ctypes.c_uint, ctypes.c_int, ctypes.c_uint,
            ctypes.c_uint, ctypes.c_void_p, ctypes.c_void_p,
        ]
        rate = lib.espeak_Initialize(_AUDIO_OUTPUT_SYNCHRONOUS, 0, data_path.encode(), 0)
        if rate <= 0:
            raise SpeechUnavailable(f"espeak-ng did not start (data in {data_path})")
        lib.espeak_SetSynthCallback(self._callback)
        self._lib, self._sample_rate = lib, rate

    def wav(self, text, voice=VOICE):
        with self._lock:
            self._load()
            if self._lib.espeak_SetVoiceByName(voice.encode()) != _EE_OK:
                raise SpeechUnavailable(f"espeak-ng has no voice {voice!r}")
            self._lib.espeak_SetParameter(_ESPEAK_RATE, RATE, 0)
            self._lib.espeak_SetParameter(_ESPEAK_PITCH, PITCH, 0)
            encoded = text.encode("utf-8") + b"\0"
            self._samples = []
            result = self._lib.espeak_Synth(
                encoded, len(encoded), 0, _POS_CHARACTER, 0, _CHARS_UTF8, None, None
            )
            pcm, self._samples = b"".join(self._samples), []
            if result != _EE_OK or not pcm:
                raise SpeechUnavailable(f"espeak-ng could not speak (error {result})")
            out = io.BytesIO()
            with wave.open(out, "wb") as w:
                w.setnchannels(1)
                w.setsampwidth(2)
                w.setframerate(self._sample_rate)
                w.writeframes(pcm)
            return out.getvalue()

    def available(self):
        try:
            with self._lock:
                self._load()
                return self._lib.espeak_SetVoiceByName(VOICE.encode()) == _EE_OK
        except SpeechUnavailable:
            return False


_engine = _Engine()


def speak_wav(text, voice=VOICE):
    """`text` spoken by espeak-ng as a 16-bit mono WAV file (bytes). Raises SpeechUnavailable."""
    return _engine.wav(text, voice=voice)


def speech_available():
    """Whether the Swedish voice can be loaded here (cached by the caller where it matters)."""
    return _engine.available()
