"""The offline engine: engine-style URNs, recorded edges, exports, determinism, other projects, broken programs."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest

from campus.engine.graph import Graph
from campus.engine.project import read_project
from campus.engine.runner import SynthResult, synthesize
from campus.engine.wire import UNKNOWN
from campus.errors import CampusInputError


def test_urns_carry_the_parent_type_chain_like_the_engine(graphs: dict[str, Graph]) -> None:
    prod = graphs["prod"]
    vpc = prod.of_type("aws:ec2/vpc:Vpc")[0]
    assert vpc.urn == "urn:pulumi:prod::campus::campus:network:Network$aws:ec2/vpc:Vpc::network-vpc"
    network = prod.by_urn()[vpc.parent or ""]
    assert network.urn == "urn:pulumi:prod::campus::campus:network:Network::network"
    assert network.custom is False
    assert prod.by_urn()[network.parent or ""].type == "pulumi:pulumi:Stack"


def test_dependencies_property_dependencies_provider_and_protect_are_recorded(graphs: dict[str, Graph]) -> None:
    prod = graphs["prod"]
    subnet = prod.of_type("aws:ec2/subnet:Subnet")[0]
    vpc = prod.of_type("aws:ec2/vpc:Vpc")[0]
    assert vpc.urn in subnet.dependencies
    assert subnet.property_dependencies["vpcId"] == [vpc.urn]
    assert subnet.provider and subnet.provider.startswith("urn:pulumi:prod::campus::pulumi:providers:aws::aws::")
    assert subnet.protect is False
    assert all(t.protect for t in prod.of_type("aws:dynamodb/table:Table"))


def test_inputs_are_in_the_camel_case_wire_form(graphs: dict[str, Graph]) -> None:
    table = graphs["dev"].of_type("aws:dynamodb/table:Table")[0]
    assert "pointInTimeRecovery" in table.inputs and "point_in_time_recovery" not in table.inputs


def test_provider_outputs_flow_into_dependent_inputs(graphs: dict[str, Graph]) -> None:
    prod = graphs["prod"]
    keys = {k.outputs["arn"] for k in prod.of_type("aws:kms/key:Key")}
    for table in prod.of_type("aws:dynamodb/table:Table"):
        assert table.inputs["serverSideEncryption"]["kmsKeyArn"] in keys
    text = prod.to_json()
    assert UNKNOWN not in text and "None" not in text


def test_exports_are_recorded(synthesized: dict[str, SynthResult]) -> None:
    exports = synthesized["prod"].exports
    assert exports["environment"] == "prod"
    assert set(exports["tables"]) == {"chat-sessions", "users", "notifications", "collaboration", "leaderboards"}
    assert exports["vpcId"].startswith("vpc-")
    assert "vpcId" not in synthesized["learner-lab"].exports


def test_two_synths_are_byte_identical(repo_root: Path, graphs: dict[str, Graph]) -> None:
    again = synthesize(read_project(repo_root), "prod").graph
    assert again.to_json() == graphs["prod"].to_json()


def test_stacks_in_one_process_do_not_leak_into_each_other(graphs: dict[str, Graph]) -> None:
    for stack, graph in graphs.items():
        assert all(r.urn.startswith(f"urn:pulumi:{stack}::campus::") for r in graph.resources)
    assert len(graphs["prod"].resources) != len(graphs["dev"].resources)


def write_project(root: Path, program: str, config: str = "config:\n  aws:region: us-west-2\n") -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "Pulumi.yaml").write_text("name: other\nruntime: python\n")
    (root / "__main__.py").write_text(textwrap.dedent(program))
    (root / "Pulumi.demo.yaml").write_text(config)
    return root


def test_any_pulumi_python_project_synthesizes(tmp_path: Path) -> None:
    root = write_project(tmp_path / "other", """
        import pulumi, pulumi_aws as aws
        azs = aws.get_availability_zones()
        bucket = aws.s3.Bucket("data", bucket="other-data")
        pulumi.export("bucketArn", bucket.arn)
        pulumi.export("firstAz", azs.names[0])
    """)
    result = synthesize(read_project(root), "demo")
    (bucket,) = result.graph.of_type("aws:s3/bucket:Bucket")
    assert bucket.urn == "urn:pulumi:demo::other::aws:s3/bucket:Bucket::data"
    assert result.exports == {"bucketArn": "arn:aws:s3:::other-data", "firstAz": "us-west-2a"}
    assert "aws:index/getAvailabilityZones:getAvailabilityZones" in result.invokes


def test_a_broken_program_is_bad_input_naming_the_file(tmp_path: Path) -> None:
    root = write_project(tmp_path / "broken", "import pulumi\nraise RuntimeError('boom')\n")
    program = re.escape(str(root / "__main__.py"))  # outside the working directory: named in full
    with pytest.raises(CampusInputError, match=rf"^{program}: the program failed: RuntimeError: boom$"):
        synthesize(read_project(root), "demo")


def test_a_project_without_pulumi_yaml_is_bad_input(tmp_path: Path) -> None:
    with pytest.raises(CampusInputError, match="not a Pulumi project"):
        read_project(tmp_path)


def test_encrypted_config_values_are_refused_offline(tmp_path: Path) -> None:
    root = write_project(tmp_path / "secret", "import pulumi\n",
                         "config:\n  aws:region: us-east-1\n  other:password:\n    secure: AAABAA==\n")
    with pytest.raises(CampusInputError, match=r"Pulumi\.demo\.yaml: other:password: encrypted"):
        read_project(root).stack_config("demo")


def test_a_failure_inside_an_output_still_stops_the_synth(tmp_path: Path) -> None:
    root = write_project(tmp_path / "apply", """
        import pulumi, pulumi_aws as aws
        bucket = aws.s3.Bucket("data")
        bucket.arn.apply(lambda arn: 1 / 0)
    """)
    with pytest.raises(CampusInputError, match="ZeroDivisionError"):
        synthesize(read_project(root), "demo")


def test_scaled_programs_resolve_every_output(tmp_path: Path) -> None:
    root = write_project(tmp_path / "many", """
        import pulumi, pulumi_aws as aws
        arns = [aws.sqs.Queue(f"q{i}").arn for i in range(150)]
        pulumi.export("last", arns[-1].apply(lambda a: a.upper()))
        pulumi.export("count", pulumi.Output.all(*arns).apply(len))
    """)
    result = synthesize(read_project(root), "demo")
    assert result.exports["count"] == 150 and result.exports["last"].startswith("ARN:AWS:SQS:")


def test_resources_name_the_program_line_that_declared_them(tmp_path: Path, repo_root: Path,
                                                           graphs: dict[str, Graph]) -> None:
    root = write_project(tmp_path / "other", """
        import pulumi_aws as aws

        bucket = aws.s3.Bucket("data", bucket="other-data")
    """)
    graph = synthesize(read_project(root), "demo").graph
    (bucket,) = graph.of_type("aws:s3/bucket:Bucket")
    assert (bucket.source_file, bucket.source_line) == ("__main__.py", 4)
    # The stack itself and the SDK's default provider have no line in the program.
    assert all(n.source is None for n in graph.resources if n.type.startswith("pulumi:"))

    key = next(n for n in graphs["prod"].resources if n.type == "aws:kms/key:Key")
    assert key.source_file == "modules/encryption.py" and key.source_line is not None
    assert "aws.kms.Key(" in (repo_root / key.source_file).read_text().splitlines()[key.source_line - 1]


def test_a_program_that_exits_with_an_error_code_is_bad_input(tmp_path: Path) -> None:
    root = write_project(tmp_path / "exits", "import sys, pulumi_aws as aws\naws.sqs.Queue('q')\nsys.exit(3)\n")
    program = re.escape(str(root / "__main__.py"))
    with pytest.raises(CampusInputError, match=rf"^{program}: the program exited with code 3$"):
        synthesize(read_project(root), "demo")


def test_a_program_that_exits_with_a_message_is_bad_input_naming_it(tmp_path: Path) -> None:
    root = write_project(tmp_path / "exits", "import sys\nsys.exit('cannot go on\\nsecond line')\n")
    with pytest.raises(CampusInputError, match=r"__main__\.py: the program exited with: cannot go on$"):
        synthesize(read_project(root), "demo")


def test_a_clean_exit_ends_the_program_where_it_stands(tmp_path: Path) -> None:
    root = write_project(tmp_path / "exits", """
        import sys, pulumi, pulumi_aws as aws
        queue = aws.sqs.Queue("q")
        pulumi.export("arn", queue.arn)
        sys.exit(0)
        aws.sqs.Queue("never")
    """)
    result = synthesize(read_project(root), "demo")
    assert [n.name for n in result.graph.of_type("aws:sqs/queue:Queue")] == ["q"]
    assert result.exports["arn"].startswith("arn:aws:sqs:")


@pytest.mark.parametrize("code", [0, 3])
def test_an_exit_inside_an_output_callback_cuts_the_run_short_and_is_bad_input(tmp_path: Path, code: int) -> None:
    root = write_project(tmp_path / "exits", f"""
        import sys, pulumi, pulumi_aws as aws
        queue = aws.sqs.Queue("q")
        queue.arn.apply(lambda arn: sys.exit({code}))
        pulumi.export("arn", queue.arn)
    """)
    with pytest.raises(CampusInputError, match=rf"the program exited with code {code} inside an output callback"):
        synthesize(read_project(root), "demo")


def test_a_project_without_stack_files_is_bad_input(tmp_path: Path) -> None:
    root = write_project(tmp_path / "nostacks", "import pulumi\n")
    (root / "Pulumi.demo.yaml").unlink()
    expected = rf"^{re.escape(str(root))}: no stack file \(Pulumi\.<stack>\.yaml\) in this folder$"
    with pytest.raises(CampusInputError, match=expected):
        read_project(root).stacks()
    # Naming a stack that does not exist still says so, and lists none.
    with pytest.raises(CampusInputError, match=r"Pulumi\.demo\.yaml: no such stack \(known: none\)$"):
        read_project(root).stack_config("demo")


def test_two_resources_with_one_urn_are_bad_input(tmp_path: Path) -> None:
    root = write_project(tmp_path / "dup", """
        import pulumi_aws as aws
        aws.sqs.Queue("jobs")
        aws.sqs.Queue("other")
        aws.sqs.Queue("jobs")
    """)
    program = re.escape(str(root / "__main__.py"))
    urn = re.escape("urn:pulumi:demo::other::aws:sqs/queue:Queue::jobs")
    with pytest.raises(CampusInputError, match=rf"^{program}: duplicate resource URN '{urn}'"):
        synthesize(read_project(root), "demo")


def test_one_name_under_different_parents_or_types_is_not_a_duplicate(tmp_path: Path) -> None:
    root = write_project(tmp_path / "same-name", """
        import pulumi, pulumi_aws as aws

        class Box(pulumi.ComponentResource):
            def __init__(self, name):
                super().__init__("test:index:Box", name)
                aws.sqs.Queue("jobs", opts=pulumi.ResourceOptions(parent=self))

        aws.sqs.Queue("jobs")
        aws.sns.Topic("jobs")
        Box("jobs")
    """)
    graph = synthesize(read_project(root), "demo").graph
    assert len([n for n in graph.resources if n.name == "jobs"]) == 4


def test_a_component_registered_twice_is_a_duplicate(tmp_path: Path) -> None:
    root = write_project(tmp_path / "dup", """
        import pulumi

        class Box(pulumi.ComponentResource):
            def __init__(self, name):
                super().__init__("test:index:Box", name)

        Box("a")
        Box("a")
    """)
    with pytest.raises(CampusInputError, match=r"duplicate resource URN 'urn:pulumi:demo::other::test:index:Box::a'"):
        synthesize(read_project(root), "demo")


@pytest.mark.parametrize("log_call", [
    'pulumi.log.error("the bucket policy is wrong")',
    'pulumi.log.error("the bucket policy is wrong", resource=queue)',
    'queue.arn.apply(lambda _: pulumi.log.error("the bucket policy is wrong", resource=queue))',
], ids=["plain", "tied-to-a-resource", "from-an-output-callback"])
def test_a_logged_error_fails_the_synth_naming_the_message(tmp_path: Path, log_call: str) -> None:
    root = write_project(tmp_path / "logs", f"""
        import pulumi, pulumi_aws as aws
        queue = aws.sqs.Queue("q")
        {log_call}
    """)
    program = re.escape(str(root / "__main__.py"))
    with pytest.raises(CampusInputError,
                       match=rf"^{program}: the program logged an error: the bucket policy is wrong$"):
        synthesize(read_project(root), "demo")


def test_several_logged_errors_are_counted_on_one_line(tmp_path: Path) -> None:
    root = write_project(tmp_path / "logs", """
        import pulumi
        pulumi.log.error("first\\nwith detail")
        pulumi.log.error("second")
    """)
    with pytest.raises(CampusInputError, match=r"the program logged an error: first \(and 1 more\)$"):
        synthesize(read_project(root), "demo")


def test_logged_warnings_do_not_fail_the_synth(tmp_path: Path) -> None:
    root = write_project(tmp_path / "logs", "import pulumi\npulumi.log.warn('heads up')\npulumi.log.info('fyi')\n")
    assert synthesize(read_project(root), "demo").warnings == ["heads up"]
