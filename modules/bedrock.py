"""Bedrock access: per-consumer policies scoped to the configured model ARNs, a bedrock-runtime interface endpoint,
and model invocation logging to an encrypted log group. Not created at all where the stack disables Bedrock."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pulumi
import pulumi_aws as aws

from campus.config.tiers import BedrockConfig
from modules.policy_documents import document, statement, to_json

INVOKE_ACTIONS = ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"]


@dataclass(frozen=True)
class BedrockArgs:
    name_prefix: str
    config: BedrockConfig
    consumers: dict[str, list[str]]
    region: str
    account_id: pulumi.Input[str]
    vpc_id: pulumi.Input[str]
    vpc_cidr: str
    private_subnet_ids: Sequence[pulumi.Input[str]]
    logs_key_arn: pulumi.Input[str]
    log_retention_days: int
    tags: dict[str, str]


def model_arn(region: str, model_id: str) -> str:
    return f"arn:aws:bedrock:{region}::foundation-model/{model_id}"


class BedrockAccess(pulumi.ComponentResource):
    policies: dict[str, aws.iam.Policy]

    def __init__(self, name: str, args: BedrockArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__("campus:bedrock:BedrockAccess", name, None, opts)
        cfg, child = args.config, pulumi.ResourceOptions(parent=self)

        def tags(label: str) -> dict[str, str]:
            return {**args.tags, "Name": label}

        self.model_arns = {key: model_arn(args.region, model_id) for key, model_id in sorted(cfg.models.items())}
        self.policies = {}
        for consumer, models in sorted(args.consumers.items()):
            self.policies[consumer] = aws.iam.Policy(
                f"{name}-{consumer}", name=f"{args.name_prefix}-bedrock-{consumer}",
                description=f"{consumer} may invoke only {', '.join(sorted(models))}",
                policy=to_json(document(statement(
                    "Allow", INVOKE_ACTIONS, [self.model_arns[m] for m in sorted(models)], sid="InvokeListedModels"))),
                tags=tags(f"{args.name_prefix}-bedrock-{consumer}"), opts=child)

        if cfg.interface_endpoint:
            sg = aws.ec2.SecurityGroup(f"{name}-endpoint", vpc_id=args.vpc_id,
                                       description="HTTPS to bedrock-runtime from inside the VPC",
                                       tags=tags(f"{args.name_prefix}-bedrock-endpoint"), opts=child)
            aws.vpc.SecurityGroupIngressRule(f"{name}-endpoint-https", security_group_id=sg.id, ip_protocol="tcp",
                                             from_port=443, to_port=443, cidr_ipv4=args.vpc_cidr,
                                             description="HTTPS from the VPC", opts=child)
            aws.ec2.VpcEndpoint(
                f"{name}-runtime", vpc_id=args.vpc_id, vpc_endpoint_type="Interface",
                service_name=f"com.amazonaws.{args.region}.bedrock-runtime", private_dns_enabled=True,
                subnet_ids=args.private_subnet_ids, security_group_ids=[sg.id],
                tags=tags(f"{args.name_prefix}-bedrock-runtime"), opts=child)
        self._invocation_logging(name, args, tags)
        self.register_outputs({"modelArns": self.model_arns})

    def _invocation_logging(self, name: str, args: BedrockArgs, tags: object) -> None:
        child = pulumi.ResourceOptions(parent=self)
        group = aws.cloudwatch.LogGroup(
            f"{name}-invocations", name=f"/campus/{args.name_prefix}/bedrock-invocations",
            retention_in_days=args.log_retention_days, kms_key_id=args.logs_key_arn,
            tags={**args.tags, "Name": f"{args.name_prefix}-bedrock-invocations"}, opts=child)
        role = aws.iam.Role(
            f"{name}-invocation-logging", name=f"{args.name_prefix}-bedrock-invocation-logging",
            assume_role_policy=to_json(document(statement(
                "Allow", ["sts:AssumeRole"], principal={"Service": "bedrock.amazonaws.com"},
                condition={"StringEquals": {"aws:SourceAccount": args.account_id},
                           "ArnLike": {"aws:SourceArn": pulumi.Output.concat(
                               "arn:aws:bedrock:", args.region, ":", args.account_id, ":*")}}))),
            tags={**args.tags, "Name": f"{args.name_prefix}-bedrock-invocation-logging"}, opts=child)
        aws.iam.RolePolicy(
            f"{name}-invocation-logging", role=role.id,
            policy=to_json(document(statement("Allow", ["logs:CreateLogStream", "logs:PutLogEvents"],
                                              pulumi.Output.concat(group.arn, ":log-stream:*")))),
            opts=child)
        logging = aws.bedrockmodel
        logging.InvocationLoggingConfiguration(
            f"{name}-invocation-logging",
            logging_config=logging.InvocationLoggingConfigurationLoggingConfigArgs(
                cloudwatch_config=logging.InvocationLoggingConfigurationLoggingConfigCloudwatchConfigArgs(
                    log_group_name=group.name, role_arn=role.arn),
                text_data_delivery_enabled=True, embedding_data_delivery_enabled=False,
                image_data_delivery_enabled=False, video_data_delivery_enabled=False),
            opts=child)
