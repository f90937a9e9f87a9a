"""The Network component's graph, per environment."""

from __future__ import annotations

from campus.engine.graph import Graph

NAT = "aws:ec2/natGateway:NatGateway"
SUBNET = "aws:ec2/subnet:Subnet"


def subnets(graph: Graph, tier: str) -> list[dict]:
    return [r.inputs for r in graph.of_type(SUBNET) if r.inputs["tags"]["Tier"] == tier]


def test_prod_has_a_nat_gateway_per_az_and_private_subnets_in_three_distinct_azs(graphs: dict[str, Graph]) -> None:
    prod = graphs["prod"]
    assert len(prod.of_type(NAT)) == 3
    private = subnets(prod, "private")
    assert len({s["availabilityZone"] for s in private}) == 3
    nat_subnet_ids = {n.inputs["subnetId"] for n in prod.of_type(NAT)}
    assert len(nat_subnet_ids) == 3


def test_dev_has_a_single_nat_gateway_shared_by_every_private_route_table(graphs: dict[str, Graph]) -> None:
    dev = graphs["dev"]
    assert len(dev.of_type(NAT)) == 1
    nat_id = dev.of_type(NAT)[0].outputs["id"]
    default_routes = [r.inputs for r in dev.of_type("aws:ec2/route:Route") if "natGatewayId" in r.inputs]
    assert len(default_routes) == 2
    assert {r["natGatewayId"] for r in default_routes} == {nat_id}


def test_prod_private_route_tables_use_the_nat_gateway_of_their_own_az(graphs: dict[str, Graph]) -> None:
    prod = graphs["prod"]
    nat_az = {}
    subnet_az = {s.outputs["id"]: s.inputs["availabilityZone"] for s in prod.of_type(SUBNET)}
    for nat in prod.of_type(NAT):
        nat_az[nat.outputs["id"]] = subnet_az[nat.inputs["subnetId"]]
    routes = [r for r in prod.of_type("aws:ec2/route:Route") if "natGatewayId" in r.inputs]
    for route in routes:
        assert route.name.endswith(nat_az[route.inputs["natGatewayId"]])


def test_subnets_never_assign_public_ips_and_carry_load_balancer_tags(graphs: dict[str, Graph]) -> None:
    for stack in ("dev", "staging", "prod"):
        graph = graphs[stack]
        assert all(s.inputs["mapPublicIpOnLaunch"] is False for s in graph.of_type(SUBNET))
        assert all(s["tags"]["kubernetes.io/role/elb"] == "1" for s in subnets(graph, "public"))
        assert all(s["tags"]["kubernetes.io/role/internal-elb"] == "1" for s in subnets(graph, "private"))


def test_isolated_subnets_have_no_route_out(graphs: dict[str, Graph]) -> None:
    prod = graphs["prod"]
    isolated_rt = next(r for r in prod.of_type("aws:ec2/routeTable:RouteTable") if r.name.endswith("isolated-rt"))
    rt_id = isolated_rt.outputs["id"]
    assert not [r for r in prod.of_type("aws:ec2/route:Route") if r.inputs["routeTableId"] == rt_id]


def test_flow_logs_capture_all_traffic_into_an_encrypted_log_group(graphs: dict[str, Graph]) -> None:
    for stack in ("dev", "prod"):
        graph = graphs[stack]
        (flow_log,) = graph.of_type("aws:ec2/flowLog:FlowLog")
        (group,) = [g for g in graph.of_type("aws:cloudwatch/logGroup:LogGroup") if "flow-logs" in g.name]
        assert flow_log.inputs["trafficType"] == "ALL"
        assert flow_log.inputs["logDestination"] == group.outputs["arn"]
        assert group.inputs["kmsKeyId"].startswith("arn:aws:kms:")
    prod_group = next(g for g in graphs["prod"].of_type("aws:cloudwatch/logGroup:LogGroup"))
    assert prod_group.inputs["retentionInDays"] == 365


def test_gateway_endpoints_everywhere_and_interface_endpoints_by_config(graphs: dict[str, Graph]) -> None:
    def endpoints(stack: str, kind: str) -> set[str]:
        return {e.inputs["serviceName"].rsplit(".", 1)[-1] if kind == "Gateway" else e.inputs["serviceName"]
                for e in graphs[stack].of_type("aws:ec2/vpcEndpoint:VpcEndpoint")
                if e.inputs["vpcEndpointType"] == kind}

    for stack in ("dev", "staging", "prod"):
        assert endpoints(stack, "Gateway") == {"s3", "dynamodb"}
    assert endpoints("dev", "Interface") == set()
    assert "com.amazonaws.us-east-1.secretsmanager" in endpoints("prod", "Interface")


def test_default_security_group_is_stripped_of_rules(graphs: dict[str, Graph]) -> None:
    (default_sg,) = graphs["prod"].of_type("aws:ec2/defaultSecurityGroup:DefaultSecurityGroup")
    assert default_sg.inputs.get("ingress", []) == [] and default_sg.inputs.get("egress", []) == []


def test_learner_lab_creates_no_network(graphs: dict[str, Graph]) -> None:
    lab = graphs["learner-lab"]
    assert not lab.of_type("aws:ec2/vpc:Vpc")
    assert not lab.of_type(NAT)
