"""Issue 14's failures, one regression test each: hostile input answered in one line, files written whole,
one set of conventions, and the library's own errors."""

from __future__ import annotations

import os
import resource
import stat
import subprocess
import sys
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest

import pl_cost
from pl_cost.catalog import Catalog, Tier
from pl_cost.errors import PlCostError, UsageError
from tests.conftest import CliResult

Cli = Callable[..., CliResult]
PROFILES = Path(__file__).parent / "profiles"
ONE_GB = 1 << 30


def one_line_error(result: CliResult, code: int) -> None:
    assert result.code == code, (result.code, result.stderr)
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("pl-cost: error: ")
    assert "internal error" not in result.stderr and "Traceback" not in result.stderr


def billion_laughs(levels: int = 9) -> str:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    previous = "a"
    for name in "bcdefghijk"[: levels - 1]:
        lines.append(f"{name}: &{name} [" + ",".join([f"*{previous}"] * 9) + "]")
        previous = name
    return "\n".join([*lines, "region: us-east-1", "azs: 1", "internet_gb_per_month: 0", ""])


def limited(argv: list[str], seconds: int = 60) -> subprocess.CompletedProcess[str]:
    """Run pl-cost in a child under a 1 GB address-space limit, as issue 14 asks of the bomb cases."""

    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (ONE_GB, ONE_GB))

    code = "import sys; from pl_cost.cli import main; main(sys.argv[1:])"
    return subprocess.run(
        [sys.executable, "-c", code, *argv],
        capture_output=True,
        text=True,
        timeout=seconds,
        preexec_fn=cap,
        env={**os.environ, "PL_COST_NO_STALE_WARNING": "1"},
    )


def test_a_yaml_alias_bomb_is_refused_in_bounded_memory(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.yaml"
    bomb.write_text(billion_laughs())
    assert bomb.stat().st_size < 500
    done = limited(["recommend", str(bomb)])
    assert done.returncode == 2 and done.stdout == ""
    assert "aliases" in done.stderr and done.stderr.count("\n") == 1


def test_aliases_under_the_limit_still_cost_little(tmp_path: Path) -> None:
    # 48 aliases, 6 per level over 8 levels: 6**8 (1.7 million) paths to one list if walked naively.
    lines = ['a: &a ["x","x","x","x","x","x"]']
    previous = "a"
    for name in "bcdefghi":
        lines.append(f"{name}: &{name} [" + ",".join([f"*{previous}"] * 6) + "]")
        previous = name
    small = tmp_path / "aliases.yaml"
    small.write_text("\n".join([*lines, "region: us-east-1", "azs: 1", "internet_gb_per_month: 0", ""]))
    assert small.stat().st_size < 700
    done = limited(["recommend", str(small)], seconds=30)
    # Refused for its unknown keys, in one line, quickly and inside the 1 GB cap.
    assert done.returncode == 2 and done.stdout == "", done.stderr
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr


def test_a_deeply_nested_profile_is_refused(cli: Cli, tmp_path: Path) -> None:
    deep = tmp_path / "deep.json"
    deep.write_text(
        '{"region": "us-east-1", "azs": 1, "internet_gb_per_month": 0, "x": ' + "[" * 5000 + "]" * 5000 + "}"
    )
    one_line_error(cli("recommend", str(deep)), 2)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_a_fifo_as_profile_is_refused_without_hanging(tmp_path: Path) -> None:
    fifo = tmp_path / "profile.yaml"
    os.mkfifo(fifo)
    done = limited(["recommend", str(fifo)], seconds=20)
    assert done.returncode == 2 and "not a regular file" in done.stderr


def test_ctrl_c_exits_130_with_one_line(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("pl_cost.api.compare", interrupted)
    result = cli("compare", "--gb", "1")
    one_line_error(result, 130)
    assert "interrupted" in result.stderr


@pytest.mark.parametrize("argv", [[], ["pricing"], ["profile"]])
def test_bare_command_and_groups_print_help_and_exit_0(cli: Cli, argv: list[str]) -> None:
    result = cli(*argv)
    assert result.code == 0 and result.stderr == ""
    assert result.stdout.startswith("Usage: pl-cost")


@pytest.mark.parametrize(
    "argv",
    [
        ["compare", "--gb", "1", "--price", "nat_gateway_hour=1e24"],
        ["compare", "--gb", "1", "--price", "nat_gateway_hour=" + "9" * 5000],
        ["compare", "--gb", "1", "--endpoints", "²"],
        ["compare", "--gb", "1e999999999"],
        ["compare", "--gb", "NaN"],
        ["compare", "--gb", "1", "--format", "xml"],
        ["recommend", str(PROFILES / "no-internet.yaml"), "--format", "yaml"],
    ],
)
def test_hostile_values_are_one_line_usage_errors(cli: Cli, argv: list[str]) -> None:
    one_line_error(cli(*argv), 2)


def test_help_lists_the_allowed_values(cli: Cli) -> None:
    text = cli("compare", "--help").stdout
    assert "[table|json|csv|markdown|html]" in text and "[per-az|single|regional]" in text
    assert "<str>" not in text and "Example" in text


# Files: one atomic writer, devices never replaced, modes kept, failures leave the old file.
def test_output_to_a_device_is_refused(cli: Cli) -> None:
    result = cli("compare", "--gb", "1", "-o", os.devnull)
    one_line_error(result, 2)
    assert stat.S_ISCHR(os.stat(os.devnull).st_mode)


def test_output_keeps_the_mode_and_follows_a_symlink(cli: Cli, tmp_path: Path) -> None:
    target = tmp_path / "answer.txt"
    target.write_text("old")
    target.chmod(0o640)
    link = tmp_path / "link.txt"
    link.symlink_to(target)
    assert cli("compare", "--gb", "1", "-o", str(link)).code == 0
    assert link.is_symlink() and stat.S_IMODE(target.stat().st_mode) == 0o640
    assert target.read_text().startswith("pl-cost compare")


def test_a_failed_write_leaves_the_old_file_byte_identical(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "profile.yaml"
    target.write_bytes(b"precious\n")

    def broken(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken)
    for argv in (
        ["init", str(target), "--force"],
        ["compare", "--gb", "1", "-o", str(target)],
        ["schema", "-o", str(target)],
    ):
        one_line_error(cli(*argv), 1)
        assert target.read_bytes() == b"precious\n"
    assert [p.name for p in tmp_path.iterdir()] == ["profile.yaml"]


def test_plot_is_written_atomically(cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("matplotlib")
    chart = tmp_path / "cost.png"
    chart.write_bytes(b"old chart")

    def broken(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken)
    one_line_error(cli("compare", "--gb", "1", "--plot", str(chart)), 1)
    assert chart.read_bytes() == b"old chart" and len(list(tmp_path.iterdir())) == 1


# The library raises its own errors, and works any number of times.
def test_recommend_works_again_after_its_package_is_imported(catalog: Catalog) -> None:
    import pl_cost.recommend.cost  # binds the package name on pl_cost

    profile = {"region": "us-east-1", "azs": 1, "internet_gb_per_month": 1}
    assert pl_cost.recommend(profile, catalog) == pl_cost.recommend(profile, catalog)


@pytest.mark.parametrize(
    "call",
    [
        lambda c: pl_cost.apply_overrides(c, {"no_such_rate": Decimal(1)}),
        lambda c: pl_cost.apply_overrides(c, {"nat_gateway_hour": Decimal(-1)}),
        lambda c: pl_cost.apply_overrides(c, {"nat_gateway_hour": Decimal("1e24")}),
        lambda c: pl_cost.apply_overrides(c, {"nat_gateway_hour": "abc"}),
        lambda c: pl_cost.apply_overrides(c, {"nat_gateway_hour": object()}),
        lambda c: pl_cost.apply_overrides(c, {"interface_endpoint_gb": (Tier(up_to=Decimal(5), price=Decimal(1)),)}),
        lambda c: pl_cost.apply_overrides(c, None, Decimal(150)),
        lambda c: pl_cost.apply_overrides(c, None, "many"),  # type: ignore[arg-type]
        lambda c: pl_cost.compare("lots", catalog=c),
        lambda c: pl_cost.compare(1, region="mars-1", catalog=c),
        lambda c: pl_cost.break_even([], catalog=c),
        lambda c: pl_cost.recommend({"region": "us-east-1"}, c),
        lambda c: pl_cost.recommend(42, c),  # type: ignore[arg-type]
        lambda c: pl_cost.render(pl_cost.compare(1, catalog=c), "xml"),  # type: ignore[arg-type]
        lambda c: pl_cost.render(c, "table"),
    ],
)
def test_library_errors_are_pl_cost_errors(catalog: Catalog, call: Callable[[Catalog], object]) -> None:
    with pytest.raises(PlCostError) as caught:
        call(catalog)
    assert str(caught.value)


def test_a_usage_error_names_its_field_and_keeps_pydantic_details(catalog: Catalog) -> None:
    with pytest.raises(UsageError) as caught:
        pl_cost.recommend({"region": "us-east-1", "azs": 9, "internet_gb_per_month": 0}, catalog)
    assert caught.value.details and caught.value.details[0]["loc"] == ("azs",)
    with pytest.raises(UsageError) as bad_azs:
        pl_cost.compare(1, azs=0, catalog=catalog)
    assert bad_azs.value.field == "azs"


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"endpoints": 1.5}, "endpoints"),
        ({"endpoints": [1, 2]}, "endpoints"),
        ({"region": None}, "region"),
        ({"region": 5}, "region"),
        ({"service": 5}, "service"),
        ({"nat": 3}, "nat"),
        ({"catalog": "x"}, "catalog"),
        ({"endpoint_azs": 3}, "endpoint_azs"),
        ({"nat": "regional", "nat_active_azs": "x"}, "nat_active_azs"),
    ],
)
def test_library_types_are_usage_errors_naming_the_field(kwargs: dict[str, object], field: str) -> None:
    with pytest.raises(UsageError) as caught:
        pl_cost.compare(10, 2, **kwargs)  # type: ignore[arg-type]
    assert caught.value.field == field, str(caught.value)


def test_endpoints_as_one_comma_separated_string_are_names(catalog: Catalog) -> None:
    listed = pl_cost.compare(10, 2, endpoints=["kms", "sts"], catalog=catalog)
    joined = pl_cost.compare(10, 2, endpoints="kms, sts", catalog=catalog)
    assert joined.inputs.interface_endpoints == ["kms", "sts"]
    assert joined.situations == listed.situations


def test_an_unknown_endpoint_name_is_priced_but_called_out(catalog: Catalog) -> None:
    result = pl_cost.compare(10, 2, endpoints="kms,stss", catalog=catalog)
    flagged = [a for a in result.assumptions if a.startswith("stss is not an endpoint name")]
    assert len(flagged) == 1 and "did you mean sts" in flagged[0]
    assert not any(a.startswith("kms is not") for a in result.assumptions)


def test_render_plan_as_csv_is_csv(catalog: Catalog) -> None:
    plan = pl_cost.recommend(PROFILES / "no-internet.yaml", catalog)
    text = pl_cost.render(plan, "csv")
    assert text.splitlines()[0].startswith("profile,section,name")


def test_a_real_sigint_exits_130_and_leaves_the_previous_output(tmp_path: Path) -> None:
    target = tmp_path / "answer.txt"
    target.write_text("previous")
    child = (
        "import os, signal, sys, time\n"
        "import pl_cost.api\n"
        "def slow(*a, **k):\n"
        "    os.kill(os.getpid(), signal.SIGINT)\n"
        "    time.sleep(30)\n"
        "pl_cost.api.compare = slow\n"
        "from pl_cost.cli import main\n"
        "main(sys.argv[1:])\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", child, "compare", "--gb", "1", "-o", str(target)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 130 and done.stdout == ""
    assert done.stderr.strip().splitlines()[-1] == "pl-cost: error: interrupted"
    assert target.read_text() == "previous" and [p.name for p in tmp_path.iterdir()] == ["answer.txt"]


# Price List files: bounded work before the parser sees a hostile file.
def _mirror_with(tmp_path: Path, edit: Callable[[str], str]) -> Path:
    from tests import pricelist_mirror as mirror

    root = tmp_path / "mirror"
    files = mirror.write_standard_mirror(root)
    ec2 = next(path for url, path in files.items() if "/AmazonEC2/" in url and "/eu-west-1/" in url)
    ec2.write_text(edit(ec2.read_text()))
    return root


def _nested(text: str) -> str:
    head = text[: text.index('"products"')]
    return head + '"products": {"X": {"attributes": ' + "[" * 200_000 + "]" * 200_000 + "}}}"


def _long_number(text: str) -> str:
    at = text.index('"USD": "')
    return text[:at] + '"USD": ' + "9" * 5000 + text[text.index('"', at + 8) + 1 :]


def _huge_exponent(text: str) -> str:
    import re

    return re.sub(r'"USD": "[0-9.]+"', '"USD": "1e999999999"', text)


def _dear(text: str) -> str:
    import re

    return re.sub(r'"USD": "[0-9.]+"', '"USD": "1500"', text)


@pytest.mark.parametrize(
    ("edit", "says"),
    [(_nested, "nests deeper"), (_long_number, "digits"), (_huge_exponent, "not a price"), (_dear, "not a price")],
)
def test_a_hostile_price_list_is_refused_in_bounded_memory(
    tmp_path: Path, edit: Callable[[str], str], says: str
) -> None:
    root = _mirror_with(tmp_path, edit)
    target = tmp_path / "catalog.json"
    target.write_text("previous catalog")
    done = limited(["pricing", "refresh", "--from", str(root), "-o", str(target)], seconds=60)
    assert done.returncode == 1 and done.stdout == "", done.stderr[-500:]
    assert says in done.stderr and done.stderr.count("pl-cost: error:") == 1
    assert target.read_text() == "previous catalog"


def test_a_deeply_nested_region_index_is_a_one_line_error(tmp_path: Path) -> None:
    from tests import pricelist_mirror as mirror

    root = tmp_path / "mirror"
    mirror.write_standard_mirror(root)
    index = next(root.rglob("AmazonEC2/current/region_index.json"))
    index.write_text("[" * 100_000 + "]" * 100_000)
    done = limited(["pricing", "refresh", "--from", str(root), "-o", str(tmp_path / "c.json")], seconds=60)
    assert done.returncode == 1 and "nests too deep" in done.stderr and done.stderr.count("\n") == 1


def test_refresh_output_through_a_symlink_keeps_the_link(tmp_path: Path) -> None:
    from tests import pricelist_mirror as mirror

    root = tmp_path / "mirror"
    mirror.write_standard_mirror(root)
    target = tmp_path / "real.json"
    target.write_text("old")
    link = tmp_path / "link.json"
    link.symlink_to(target)
    done = limited(["pricing", "refresh", "--from", str(root), "-o", str(link)], seconds=60)
    assert done.returncode == 0, done.stderr
    assert link.is_symlink() and target.read_text().startswith("{")
    assert limited(["pricing", "refresh", "--from", str(root), "-o", str(tmp_path)], seconds=60).returncode == 2
