"""The commented example profile `pl-cost init` writes."""

EXAMPLE_PROFILE = """\
# pl-cost workload profile: what this VPC sends through its NAT gateway today.
# Run: pl-cost recommend this-file.yaml   (schema for editors: pl-cost schema)

region: us-east-1             # AWS region code
azs: 3                        # Availability Zones the workloads run in
hours_per_month: 730          # optional; 730 is the AWS Pricing Calculator's convention

nat:
  mode: per-az                # today's layout: per-az | single | regional
  allow_fewer: false          # may the plan use one NAT and put endpoints in fewer AZs (less available)?
  # active_azs: 3             # regional NAT only: AZs it is active in (default: azs)

# endpoint_azs: 2             # AZs the interface endpoints get an ENI in (default: all; cross-AZ is free)

internet_gb_per_month: 500    # GB/month that must reach the internet; 0 means nothing does

services:                     # GB/month each AWS service's traffic takes through the NAT today
  s3: 4000                    # same-region buckets (free gateway endpoint)
  dynamodb: 300               # same-region tables (free gateway endpoint)
  ecr: 800                    # image pulls: layers download from S3; or {pull: 800, push: 200}
  logs: 150
  sts: 2

workloads:                    # bundles whose endpoints must exist whatever they cost
  - ssm-session-manager       # names: pl-cost schema lists them

features: []                  # e.g. ssm-agent-before-3.3.40 (adds ec2messages), eks-irsa (adds sts)

# splits:                     # where a service's pulls really go; default for ecr: all to s3
#   ecr: {s3: 0.97}
"""
