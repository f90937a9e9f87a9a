"""Decode the Pulumi wire format (protobuf Struct with signature maps) into plain JSON values.

Secrets become "[secret]" (a graph file must never hold one), resource references become their URN, assets and
archives their path/text, and unknown values keep the engine's own UNKNOWN sentinel so policies treat them as unknown.
The SDK's own `rpc.deserialize_properties` is not used here: called from the monitor it can hang (it awaits on the
program's event loop), as measured while building this engine.
"""

from __future__ import annotations

from typing import Any

from google.protobuf import json_format, struct_pb2

UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9"
SECRET_PLACEHOLDER = "[secret]"
_SIG = "4dabf18193072939515e22adb298388d"
_SECRET = "1b47061264138c4ac30d75fd1eb44270"
_RESOURCE = "5cf8f73096256a8f31e491e813e4eb8e"
_OUTPUT_VALUE = "d0e6a833031e9bbcd3f4e8bde6ca49a4"
_ASSET = "c44067f5952c0a294b673a41bacd8c17"
_ARCHIVE = "0def7320c3a5731c473e5ecbe6d01bc7"


def decode_value(value: Any) -> Any:
    if isinstance(value, dict):
        sig = value.get(_SIG)
        if sig == _SECRET:
            return SECRET_PLACEHOLDER
        if sig == _RESOURCE:
            return value.get("urn")
        if sig == _OUTPUT_VALUE:
            if value.get("secret"):
                return SECRET_PLACEHOLDER
            return decode_value(value["value"]) if "value" in value else UNKNOWN
        if sig in (_ASSET, _ARCHIVE):
            return {k: v for k, v in value.items() if k in ("path", "text", "uri")}
        return {k: decode_value(v) for k, v in value.items()}
    if isinstance(value, list):
        return [decode_value(v) for v in value]
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def decode_struct(struct: struct_pb2.Struct) -> dict[str, Any]:
    decoded = decode_value(json_format.MessageToDict(struct))
    return decoded if isinstance(decoded, dict) else {}


def plain(value: Any) -> Any:
    """Mock provider state is already Python; make it JSON-safe and deterministic."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)
