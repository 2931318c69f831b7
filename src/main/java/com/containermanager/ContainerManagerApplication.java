package com.containermanager;

import com.containermanager.user.CreateUserCli;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class ContainerManagerApplication {

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals(CreateUserCli.NAME)) {
            CreateUserCli.main(args);
            return;
        }
        SpringApplication.run(ContainerManagerApplication.class, args);
    }
}
