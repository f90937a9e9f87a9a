"""Learner Lab single-node mode: one EC2 host in the account's default VPC, using the existing LabInstanceProfile
(looked up, never created: Learner Lab forbids creating IAM roles). SSH only from the admin CIDR, IMDSv2, encrypted
gp3 root volume, an Elastic IP only when configured."""

from __future__ import annotations

from dataclasses import dataclass

import pulumi
import pulumi_aws as aws

from campus.config.tiers import LearnerLabConfig


@dataclass(frozen=True)
class LabHostArgs:
    name_prefix: str
    stack: str
    region: str
    config: LearnerLabConfig
    tags: dict[str, str]


class LabHost(pulumi.ComponentResource):
    instance: aws.ec2.Instance

    def __init__(self, name: str, args: LabHostArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__("campus:lab:LabHost", name, None, opts)
        cfg = args.config
        child = pulumi.ResourceOptions(parent=self)
        invoke = pulumi.InvokeOutputOptions(parent=self)
        # Workloads tells policies what runs on the host: a self-managed broker and database in single-node mode.
        tags = {**args.tags, "Name": f"{args.name_prefix}-host", "Role": "lab-host",
                "Workloads": "kafka,postgresql,k3s"}

        vpc = aws.ec2.get_vpc_output(default=True, opts=invoke)
        subnets = aws.ec2.get_subnets_output(filters=vpc.id.apply(lambda vpc_id: [
            aws.ec2.GetSubnetsFilterArgs(name="vpc-id", values=[vpc_id]),
            aws.ec2.GetSubnetsFilterArgs(name="default-for-az", values=["true"])]), opts=invoke)
        ami = aws.ec2.get_ami_output(
            owners=[cfg.ami_owner], most_recent=True,
            filters=[aws.ec2.GetAmiFilterArgs(name="name", values=[cfg.ami_name_pattern]),
                     aws.ec2.GetAmiFilterArgs(name="architecture", values=["x86_64"]),
                     aws.ec2.GetAmiFilterArgs(name="root-device-type", values=["ebs"])], opts=invoke)
        profile = aws.iam.get_instance_profile_output(name=cfg.instance_profile_name, opts=invoke)

        sg = aws.ec2.SecurityGroup(f"{name}-sg", vpc_id=vpc.id, description="Lab host: SSH from the admin only",
                                   tags={**tags, "Name": f"{args.name_prefix}-host"}, opts=child)
        aws.vpc.SecurityGroupIngressRule(f"{name}-ssh", security_group_id=sg.id, ip_protocol="tcp", from_port=22,
                                         to_port=22, cidr_ipv4=cfg.admin_cidr, description="SSH from the admin",
                                         opts=child)
        for port in cfg.course_ports:
            aws.vpc.SecurityGroupIngressRule(f"{name}-course-{port}", security_group_id=sg.id, ip_protocol="tcp",
                                             from_port=port, to_port=port, cidr_ipv4=cfg.admin_cidr,
                                             description=f"course port {port}", opts=child)
        aws.vpc.SecurityGroupEgressRule(f"{name}-egress", security_group_id=sg.id, ip_protocol="-1",
                                        cidr_ipv4="0.0.0.0/0", description="packages, images and AWS APIs",
                                        opts=child)
        self.instance = aws.ec2.Instance(
            f"{name}-host",
            ami=ami.id,
            instance_type=cfg.instance_type,
            subnet_id=subnets.ids[0],
            vpc_security_group_ids=[sg.id],
            iam_instance_profile=profile.name,
            key_name=cfg.key_name,
            associate_public_ip_address=True,
            # Hop limit 2 lets k3s pods reach the instance's LabRole credentials; tokens are still required.
            metadata_options=aws.ec2.InstanceMetadataOptionsArgs(
                http_endpoint="enabled", http_tokens="required", http_put_response_hop_limit=2),
            root_block_device=aws.ec2.InstanceRootBlockDeviceArgs(
                volume_size=cfg.volume_gb, volume_type="gp3", encrypted=True, delete_on_termination=True,
                tags=tags),
            monitoring=False,
            tags=tags,
            opts=child)
        self.elastic_ip = aws.ec2.Eip(f"{name}-eip", domain="vpc", instance=self.instance.id,
                                      tags={**tags, "Name": f"{args.name_prefix}-host-eip"},
                                      opts=child) if cfg.elastic_ip else None
        public_ip = self.elastic_ip.public_ip if self.elastic_ip is not None else self.instance.public_ip
        self.outputs = pulumi.Output.all(
            self.instance.id, public_ip, self.instance.private_ip, self.instance.public_dns,
            self.instance.availability_zone).apply(lambda v: {
                "instanceId": v[0], "publicIp": v[1], "privateIp": v[2], "publicDns": v[3],
                "availabilityZone": v[4], "keyName": cfg.key_name, "sshUser": cfg.ssh_user, "region": args.region,
                "instanceType": cfg.instance_type, "rootVolumeGb": cfg.volume_gb, "elasticIp": cfg.elastic_ip,
                "stack": args.stack})
        self.register_outputs({"labHost": self.outputs})
