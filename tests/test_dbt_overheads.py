"""What dbt spends per node that a run never reads, taken off (orchestration/defs/transform/
dbt_overheads.py): the events and templates behave as dbt's own, only built and compiled less."""

from __future__ import annotations

import io

import pytest
from dbt_common.clients.jinja import MacroFuzzEnvironment, NativeSandboxEnvironment, get_environment
from dbt_common.events import base_types
from dbt_common.events.base_types import EventLevel
from dbt_common.events.event_manager import EventManager
from dbt_common.events.logger import LoggerConfig
from dbt_common.events.types import Formatting, Note, SystemExecutingCmd

from orchestration.defs.transform import dbt_invocation, dbt_overheads
from orchestration.defs.transform.assets import dbt_project

dbt_overheads.apply()


def test_every_overhead_is_taken_off_with_the_installed_dbt() -> None:
    assert dbt_overheads.apply() == ()


@pytest.fixture
def messages_built(monkeypatch) -> list[str]:
    """The events whose protobuf message dbt built (ParseDict of their fields)."""
    built: list[str] = []
    parse = base_types.ParseDict

    def counted(fields, message):
        built.append(type(message).__name__)
        return parse(fields, message)

    monkeypatch.setattr(base_types, "ParseDict", counted)
    return built


def _manager(level: EventLevel, received: list) -> EventManager:
    manager = EventManager()
    manager.callbacks = [received.append]
    manager.add_logger(LoggerConfig(name=f"test_{level.value}", level=level, output_stream=io.StringIO()))
    return manager


def test_an_events_message_is_built_when_it_is_read(messages_built) -> None:
    event = Note(msg="a note")
    assert messages_built == []
    assert (event.msg, event.message(), event.code()) == ("a note", "a note", "Z050")
    assert messages_built == ["Note"]
    event.msg = "changed"
    assert event.pb_msg.msg == "changed" and messages_built == ["Note"]
    assert Formatting("a line").msg == "a line"  # the one event dbt builds from a positional argument


def test_an_event_set_before_it_is_read_keeps_what_was_set() -> None:
    event = Note(msg="first")
    event.msg = "second"
    assert event.message() == "second" and list(SystemExecutingCmd(cmd=["dbt", "run"]).cmd) == ["dbt", "run"]


def test_during_a_build_a_debug_event_no_logger_writes_is_neither_fired_nor_built(messages_built) -> None:
    received: list = []
    manager = _manager(EventLevel.INFO, received)
    with dbt_overheads.quiet_debug_events():
        manager.fire_event(SystemExecutingCmd(cmd=["ls"]))
        manager.fire_event(Note(msg="kept"))
    assert [message.info.name for message in received] == ["Note"]
    assert "SystemExecutingCmd" not in messages_built


@pytest.mark.parametrize(("level", "during_a_build"), [(EventLevel.DEBUG, True), (EventLevel.INFO, False)])
def test_a_debug_event_is_fired_to_a_debug_logger_or_outside_a_build(level, during_a_build) -> None:
    received: list = []
    manager = _manager(level, received)
    if during_a_build:
        with dbt_overheads.quiet_debug_events():
            manager.fire_event(SystemExecutingCmd(cmd=["ls"]))
    else:
        manager.fire_event(SystemExecutingCmd(cmd=["ls"]))
    assert [(message.info.name, message.info.level) for message in received] == [("SystemExecutingCmd", "debug")]


def test_a_debug_level_given_when_firing_counts_as_debug() -> None:
    received: list = []
    manager = _manager(EventLevel.INFO, received)
    with dbt_overheads.quiet_debug_events():
        manager.fire_event(Note(msg="as debug"), level=EventLevel.DEBUG)
        manager.fire_event(SystemExecutingCmd(cmd=["ls"]), level=EventLevel.INFO)
    assert [message.info.name for message in received] == ["SystemExecutingCmd"]


def test_a_sources_code_is_compiled_once_and_renders_with_each_context() -> None:
    source = "select {{ column }} from {{ table }} -- overheads test"
    first, second = get_environment(), get_environment()
    assert first is not second and first.compile(source) is second.compile(source)
    rendered = [first.from_string(source).render({"column": c, "table": t}) for c, t in (("a", "x"), ("b", "y"))]
    assert rendered == ["select a from x -- overheads test", "select b from y -- overheads test"]


def test_native_and_text_environments_keep_their_own_code() -> None:
    source = "{{ 1 + 1 }}"
    native, text = get_environment(native=True), get_environment()
    assert isinstance(native, NativeSandboxEnvironment) and native.compile(source) is not text.compile(source)
    assert native.compile(source) is get_environment(native=True).compile(source)
    assert native.from_string(source).render({}) == text.from_string(source).render({}) == "2"


def test_an_environment_that_parses_otherwise_compiles_its_own_code() -> None:
    source = "[[ x ]] {{ x }} -- overheads test"
    brackets = MacroFuzzEnvironment(variable_start_string="[[", variable_end_string="]]")
    assert brackets.from_string(source).render({"x": 1}) == "1 {{ x }} -- overheads test"
    assert get_environment().from_string(source).render({"x": 1}) == "[[ x ]] 1 -- overheads test"


def test_a_parsed_template_still_compiles() -> None:
    environment = get_environment()
    parsed = environment.parse("{{ 40 + 2 }}")
    assert environment.from_string(parsed).render({}) == "42"


def test_the_build_process_compiles_the_nodes_templates_while_it_waits(monkeypatch) -> None:
    manifest = dbt_invocation.prepared_state(dbt_project)
    compiled: list[str] = []
    compile_once = MacroFuzzEnvironment.compile

    def counted(self, source, *args, **kwargs):
        compiled.append(source)
        return compile_once(self, source, *args, **kwargs)

    monkeypatch.setattr(MacroFuzzEnvironment, "compile", counted)
    nodes = list(manifest.nodes.values())
    dbt_overheads.compile_templates(nodes, lambda: False)
    sql = {node.raw_code for node in nodes if node.language == "sql" and node.raw_code}
    test_arguments = {text for node in nodes if node.resource_type == "test" and hasattr(node, "test_metadata")
                      for text in node.test_metadata.kwargs.values() if isinstance(text, str) and "{" in text}
    assert sql | test_arguments == set(compiled) and test_arguments
    asked = iter([False] * 3 + [True])  # the run's request arrives: the rest compile in the build
    compiled.clear()
    dbt_overheads.compile_templates(nodes, lambda: next(asked))
    assert len(compiled) >= 3 and set(compiled) <= {nodes[i].raw_code for i in range(3)} | test_arguments
