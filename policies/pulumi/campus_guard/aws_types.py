"""Type tokens of the resources the campus stacks contain (pulumi-aws 7, pulumi-kubernetes 4)."""

S3_BUCKET = "aws:s3/bucket:Bucket"
S3_SSE = "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration"
S3_VERSIONING = "aws:s3/bucketVersioning:BucketVersioning"
S3_PUBLIC_ACCESS_BLOCK = "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock"
S3_POLICY = "aws:s3/bucketPolicy:BucketPolicy"
S3_LOGGING = "aws:s3/bucketLogging:BucketLogging"
S3_OWNERSHIP = "aws:s3/bucketOwnershipControls:BucketOwnershipControls"
S3_LIFECYCLE = "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration"
KMS_KEY = "aws:kms/key:Key"
KMS_ALIAS = "aws:kms/alias:Alias"
DYNAMODB_TABLE = "aws:dynamodb/table:Table"
RDS_CLUSTER = "aws:rds/cluster:Cluster"
RDS_CLUSTER_INSTANCE = "aws:rds/clusterInstance:ClusterInstance"
RDS_SUBNET_GROUP = "aws:rds/subnetGroup:SubnetGroup"
RDS_CLUSTER_PARAMETER_GROUP = "aws:rds/clusterParameterGroup:ClusterParameterGroup"
MSK_CLUSTER = "aws:msk/cluster:Cluster"
MSK_CONFIGURATION = "aws:msk/configuration:Configuration"
EKS_CLUSTER = "aws:eks/cluster:Cluster"
EKS_NODE_GROUP = "aws:eks/nodeGroup:NodeGroup"
EKS_ADDON = "aws:eks/addon:Addon"
EKS_ACCESS_ENTRY = "aws:eks/accessEntry:AccessEntry"
EC2_VPC = "aws:ec2/vpc:Vpc"
EC2_SUBNET = "aws:ec2/subnet:Subnet"
EC2_INTERNET_GATEWAY = "aws:ec2/internetGateway:InternetGateway"
EC2_EIP = "aws:ec2/eip:Eip"
EC2_NAT_GATEWAY = "aws:ec2/natGateway:NatGateway"
EC2_ROUTE_TABLE = "aws:ec2/routeTable:RouteTable"
EC2_ROUTE = "aws:ec2/route:Route"
EC2_ROUTE_TABLE_ASSOCIATION = "aws:ec2/routeTableAssociation:RouteTableAssociation"
EC2_FLOW_LOG = "aws:ec2/flowLog:FlowLog"
EC2_VPC_ENDPOINT = "aws:ec2/vpcEndpoint:VpcEndpoint"
EC2_SECURITY_GROUP = "aws:ec2/securityGroup:SecurityGroup"
EC2_DEFAULT_SECURITY_GROUP = "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup"
EC2_LAUNCH_TEMPLATE = "aws:ec2/launchTemplate:LaunchTemplate"
EC2_INSTANCE = "aws:ec2/instance:Instance"
EC2_SECURITY_GROUP_RULE = "aws:ec2/securityGroupRule:SecurityGroupRule"
VPC_INGRESS_RULE = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"
VPC_EGRESS_RULE = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule"
LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup"
IAM_ROLE = "aws:iam/role:Role"
IAM_POLICY = "aws:iam/policy:Policy"
IAM_ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy"
IAM_ROLE_POLICY_ATTACHMENT = "aws:iam/rolePolicyAttachment:RolePolicyAttachment"
IAM_OIDC_PROVIDER = "aws:iam/openIdConnectProvider:OpenIdConnectProvider"
ECR_REPOSITORY = "aws:ecr/repository:Repository"
ECR_LIFECYCLE_POLICY = "aws:ecr/lifecyclePolicy:LifecyclePolicy"
APPAUTOSCALING_TARGET = "aws:appautoscaling/target:Target"
BEDROCK_INVOCATION_LOGGING = "aws:bedrockmodel/invocationLoggingConfiguration:InvocationLoggingConfiguration"
K8S_SERVICE_ACCOUNT = "kubernetes:core/v1:ServiceAccount"

# Resources that accept AWS tags; configuration and attachment resources (bucket policies, role policies,
# routes, aliases, MSK configurations, lifecycle policies, Bedrock logging) do not.
TAGGABLE = frozenset(
    {
        S3_BUCKET,
        KMS_KEY,
        DYNAMODB_TABLE,
        RDS_CLUSTER,
        RDS_CLUSTER_INSTANCE,
        RDS_SUBNET_GROUP,
        RDS_CLUSTER_PARAMETER_GROUP,
        MSK_CLUSTER,
        EKS_CLUSTER,
        EKS_NODE_GROUP,
        EKS_ADDON,
        EKS_ACCESS_ENTRY,
        EC2_VPC,
        EC2_SUBNET,
        EC2_INTERNET_GATEWAY,
        EC2_EIP,
        EC2_NAT_GATEWAY,
        EC2_ROUTE_TABLE,
        EC2_FLOW_LOG,
        EC2_VPC_ENDPOINT,
        EC2_SECURITY_GROUP,
        EC2_DEFAULT_SECURITY_GROUP,
        EC2_LAUNCH_TEMPLATE,
        EC2_INSTANCE,
        VPC_INGRESS_RULE,
        VPC_EGRESS_RULE,
        LOG_GROUP,
        IAM_ROLE,
        IAM_POLICY,
        IAM_OIDC_PROVIDER,
        ECR_REPOSITORY,
        APPAUTOSCALING_TARGET,
    }
)

# State that is expensive or impossible to rebuild: protected in prod.
STATEFUL = frozenset({RDS_CLUSTER, DYNAMODB_TABLE, S3_BUCKET, MSK_CLUSTER, KMS_KEY})

# Documents that grant permissions to principals.
IAM_POLICY_DOCUMENTS = frozenset({IAM_POLICY, IAM_ROLE_POLICY})
