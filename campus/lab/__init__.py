"""Operations for the AWS Academy Learner Lab host: inventory, start/stop by tags, cost."""
