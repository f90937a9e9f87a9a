from campus.cli.app import main

main()
